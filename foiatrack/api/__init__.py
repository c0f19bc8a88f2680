"""The REST API (/api/v1/) over the apps' selectors and services.

`serializers/` and `views/` hold one module per resource (agencies, requests, filings,
files, tables, datasets, gaps, linkruns, tokens; `common.py` for what they share); each
package re-exports its classes. `errors.py`, `pagination.py`, `permissions.py`,
`schema.py` and `throttles.py` are shared; `urls.py` wires the views. The OpenAPI schema
is generated from these classes (component names are the serializer class names).

Imports any app; no app imports it.
"""
