"""Roadmaps, their items and open roles, readable by outsiders when public."""
