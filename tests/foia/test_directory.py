"""The starting directory and demo data: complete, and idempotent."""

import io

from django.core.management import call_command

from foiatrack.foia.demo import load_demo
from foiatrack.foia.laws import LAWS
from foiatrack.foia.models import Agency, FoiaRequest, Jurisdiction


def test_directory_command_loads_every_agency_with_its_law_and_stages(db, stages):
    call_command("load_foia_directory", stdout=io.StringIO())

    assert set(Jurisdiction.objects.values_list("slug", flat=True)) == {
        "chicago",
        "cook-county",
        "illinois",
        "seattle",
        "milwaukee",
        "united-states",
    }
    assert all(j.law in LAWS for j in Jurisdiction.objects.all())
    stages_of = {a.slug: {s.code for s in a.stages.all()} for a in Agency.objects.all()}
    assert stages_of["chicago-oemc"] == {"call"}
    assert stages_of["chicago-police"] == {"report", "arrest"}
    assert stages_of["cook-county-sheriff"] == {"jail"}
    assert stages_of["illinois-doc"] == {"sentence"}
    assert stages_of["milwaukee-police"] == {"call", "report"}
    assert Agency.objects.get(slug="seattle-fire").jurisdiction.law == "wa-pra"
    assert Agency.objects.get(slug="milwaukee-police").jurisdiction.law == "wi-open-records"
    assert "not a public body" in Agency.objects.get(slug="cook-county-circuit-clerk").notes


def test_directory_command_is_idempotent(db, stages):
    call_command("load_foia_directory", stdout=io.StringIO())
    call_command("load_foia_directory", stdout=io.StringIO())

    assert Agency.objects.count() == 8
    assert Jurisdiction.objects.count() == 6


def test_demo_requests_belong_to_the_staff_user_and_load_once(db, stages, django_user_model):
    django_user_model.objects.create_user("staff")

    load_demo(io.StringIO())
    load_demo(io.StringIO())

    assert FoiaRequest.objects.count() == 6
    assert set(FoiaRequest.objects.values_list("requester__username", flat=True)) == {"staff"}


def test_demo_without_a_staff_user_loads_only_the_directory(db, stages):
    load_demo(io.StringIO())

    assert Agency.objects.count() == 8
    assert not FoiaRequest.objects.exists()
