"""`manage.py field_catalogue [--json]`: the fields a request can ask for, stage by stage."""

import json

from django.core.management.base import BaseCommand

from foiatrack.audit.field_catalogue import catalogue_as_dict


class Command(BaseCommand):
    help = "Print the field catalogue: each stage's fields, the roles that deliver them, personal."

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="print one JSON object")

    def handle(self, *args, **options):
        catalogue = catalogue_as_dict()
        if options["json"]:
            self.stdout.write(json.dumps(catalogue, ensure_ascii=False))
            return
        for stage, fields in catalogue["stages"].items():
            self.stdout.write(f"{stage}:")
            for field in fields:
                personal = "  (personal)" if field["personal"] else ""
                roles = ", ".join(field["roles"])
                self.stdout.write(f"  {field['code']:<24} {field['label']}  [{roles}]{personal}")
