-- Erasure removes a report's grants with it (lifecycle issue; BRIEF "Protection of the data").
GRANT DELETE ON access_grant TO ${appRole};
