-- A lot's static data for the city platform (issue 15; docs/catalogue.md, "Static lot data"): who
-- runs it, where it is and how to reach it, when it is open, what it costs, how many spaces of each
-- type it has. NULL where the catalogue gives nothing; the catalogue import replaces them all.
ALTER TABLE lots
  ADD COLUMN operator text,
  ADD COLUMN address text,
  ADD COLUMN phone text,
  -- OpenStreetMap opening_hours syntax, checked by the import.
  ADD COLUMN opening_hours text,
  ADD COLUMN fee_text text,
  -- {"currency", "free_minutes", "per_hour", "first_hour"?, "daily_max"?}
  ADD COLUMN fee jsonb,
  -- [{"id", "lat", "lon", "kind": "in" | "out" | "both"}]
  ADD COLUMN entrances jsonb,
  -- {"normal"?, "disabled"?, "ev_charging"?}: counts, together at most the capacity.
  ADD COLUMN spots jsonb;
