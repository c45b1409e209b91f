-- Support console search: prefix search on the natural key (`LIKE 'abc%'`). The plain
-- btree on natural_key only serves LIKE under the C collation; text_pattern_ops serves it under
-- any collation. Written by hand: Prisma's schema cannot express a btree operator class.
CREATE INDEX "order_natural_key_pattern_idx" ON "order" ("natural_key" text_pattern_ops);
