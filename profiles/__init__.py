"""People: profiles, roles, competences, endorsements, follows and networks."""
