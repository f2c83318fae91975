"""The synthetic partner drop generator, one module per concern.

`generate.generate_drop` is the entry point (`hi generate`). The modules it drives:

- `config`: scales, planted defect rates, planted effects, fixed facts (reference date, key);
- `calendar`: day and minute arithmetic on integer arrays, dd/mm/yyyy formatting;
- `reference`: the open reference data (postcodes, LSOAs, IMD, code lists) as arrays;
- `pseudo`: synthetic NHS numbers, keyed-hash pseudonyms, case and white-space variation;
- `people`: the synthetic residents with their fixed true attributes;
- `hospital`: the MSEFT feeds (A&E, inpatient spells, waiting list);
- `social_care`: the ECC feeds (people, households, languages, sensory, conditions);
- `asc_activity`: the ECC activity feeds (registrations, assessments, reviews, services);
- `defects`: choosing the rows that carry planted defects;
- `vulnerability`, `readmissions`, `social_care_waits`: issue 11's plants (no fixed abode,
  learning disability and autism codes, readmissions after excluded index spells, people
  awaiting a social care assessment or overdue for a review);
- `truth`: the truth manifest, computed from the generator's own ground truth (with
  `truth_vulnerable` and `truth_indicators` for issue 11's groups, waits and indicators).

Nothing here loops over data rows in Python except to hash identifiers.
"""
