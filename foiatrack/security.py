"""Request guards that apply to every URL, present and future."""

from django.http import Http404

# The largest id a database primary key (bigint) can hold.
LARGEST_ID = 2**63 - 1


class IdsInRangeMiddleware:
    """Answer 404 for a URL whose integer part is beyond any database id.

    Django's <int:...> converter accepts any number of digits; looked up, a 30-digit id
    overflows SQLite and PostgreSQL alike and would surface as a 500. Such a URL names
    nothing, so it is "not found", whichever view it reaches.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if hasattr(view_func, "cls"):  # a REST framework view: the API answers in JSON itself
            return None
        values = list(view_args) + list(view_kwargs.values())
        if any(isinstance(value, int) and abs(value) > LARGEST_ID for value in values):
            raise Http404("No such record.")
        return None
