"""Hostile text typed into agency, jurisdiction and request names comes out inert
everywhere: escaped in pages and letters, inert in JSON, never a formula in any CSV."""

import csv
import io

from tests.security.conftest import (
    FORMULA_CELLS,
    IMG,
    SCRIPT,
    all_routes,
    build_path,
    demo_path,
    ids_for_demo,
    is_regex,
)

FORMULA_STARTS = ("=", "+", "-", "@")


def _get_routes():
    return [
        route
        for route in all_routes()
        if route.name
        and not is_regex(route)
        and route.name != "logout"
        and not route.name.startswith("admin:")
    ]


def _every_response(clients):
    ids = ids_for_demo()
    for route in _get_routes():
        path = demo_path(route, ids)
        for role in ("anonymous", "superuser"):
            response = clients[role].get(path)
            if response.status_code == 200:
                yield route, path, response


def _body(response) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def test_script_in_names_and_titles_is_escaped_on_every_page(demo, clients):
    raw, escaped_somewhere = [], False
    for _route, path, response in _every_response(clients):
        content_type = response.get("Content-Type", "")
        if not content_type.startswith("text/html"):
            continue
        text = _body(response).decode("utf-8", "replace")
        if SCRIPT in text or IMG in text:
            raw.append(path)
        escaped_somewhere |= "&lt;script&gt;alert(" in text
    assert raw == [], f"unescaped script on: {raw}"
    assert escaped_somewhere  # the hostile names were shown (escaped), so this checked something


def test_letters_show_hostile_text_escaped_and_download_it_as_plain_text(demo, clients):
    hostile = demo["public"][0]
    path = f"/foia/requests/{hostile.id}/letters/initial/"

    page = clients["superuser"].get(path)
    download = clients["superuser"].get(path, {"download": "1"})

    text = page.content.decode()
    assert page.status_code == 200
    assert SCRIPT not in text and IMG not in text
    assert "&lt;img src=x" in text
    # The download is the letter's own text, never rendered: plain text, an attachment.
    assert download["Content-Type"].startswith("text/plain")
    assert download["Content-Disposition"].startswith("attachment")
    assert download["X-Content-Type-Options"] == "nosniff"


def test_json_answers_are_served_as_json_not_html(demo, clients):
    served = []
    for _route, path, response in _every_response(clients):
        body = _body(response)
        if body[:1] in (b"{", b"[") and b"alert(" in body:
            served.append((path, response.get("Content-Type", "")))
    assert served  # some JSON carried the hostile names
    assert all(content_type.startswith("application/") for _path, content_type in served), served
    assert all(
        response.get("X-Content-Type-Options") == "nosniff"
        for _r, _p, response in _every_response(clients)
    )


def _csv_routes():
    """Every URL that can answer CSV: a file_format converter, or a name saying csv/export."""
    for route in _get_routes():
        names = [name for name, _type in route.converters]
        if "file_format" in names or route.name.endswith(("_csv", "_export")):
            yield route


def test_no_csv_export_contains_a_cell_a_spreadsheet_would_run_as_a_formula(demo, clients):
    ids = ids_for_demo()
    formulas, hostile_seen, exports = [], 0, 0
    for route in _csv_routes():
        values = {name: ids.get(name, "1") for name, _type in route.converters}
        if "slug" in values:
            values["slug"] = ids["jurisdiction_slug"]
        values["file_format"] = "csv"
        path = build_path(route, values)
        for role in ("anonymous", "superuser"):
            response = clients[role].get(path)
            if response.status_code != 200 or "csv" not in response.get("Content-Type", ""):
                continue
            exports += 1
            text = _body(response).decode("utf-8-sig")
            for row in csv.reader(io.StringIO(text)):
                for cell in row:
                    if cell.startswith(FORMULA_STARTS):
                        formulas.append(f"{path} as {role}: {cell[:60]!r}")
                    hostile_seen += any(f"'{formula}" in cell for formula in FORMULA_CELLS)
    assert exports >= 5, "fewer CSV exports answered than expected"
    assert formulas == [], "\n".join(formulas[:20])
    assert hostile_seen  # the hostile names reached some export, escaped with a quote
