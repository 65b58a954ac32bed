-- Originals stored in a pack file (group durability) carry their location; NULL means the per-report file.
ALTER TABLE report ADD COLUMN vault_location text;
