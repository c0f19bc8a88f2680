"""Page-number pagination whose envelope is described in the schema."""

from rest_framework.pagination import PageNumberPagination


class DescribedPageNumberPagination(PageNumberPagination):
    """?page=N, 50 items a page; a page past the end is a 404."""

    def get_paginated_response_schema(self, schema):
        response = super().get_paginated_response_schema(schema)
        properties = response["properties"]
        properties["count"]["description"] = "Items in all pages together."
        properties["next"]["description"] = "URL of the next page; null on the last."
        properties["previous"]["description"] = "URL of the previous page; null on the first."
        properties["results"]["description"] = "This page's items."
        return response
