"""The public portal: ratified plans, consultations and open data, without an account.

Everything here is read-only and public by construction: the selectors return only
ratified plans (stage `penetapan` with a frozen "ratified" version and, once the
legislation models exist, their Ratification record) and only public records of the
participatory and legislative flows. See legislation/README.md, "Public portal"."""
