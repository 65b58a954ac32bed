-- The label personsConcerned (docs/brief.md "Labels"; § 77 Abs. 1 BKAG): who the report concerns sets the longest
-- review deadline (adults 10, juveniles 5, children 2 years). Reports stored before it concern adults.
ALTER TABLE report ADD COLUMN persons_concerned text NOT NULL DEFAULT 'ADULTS'
    CHECK (persons_concerned IN ('ADULTS','JUVENILES','CHILDREN','NONE'));
