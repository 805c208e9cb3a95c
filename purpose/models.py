"""Purpose Index rounds, proposals to the purpose (added by the purpose issue)."""
