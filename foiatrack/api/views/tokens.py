"""API tokens."""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import exceptions, generics
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from foiatrack.api import serializers as s
from foiatrack.api.parsers import FormParser, JSONParser
from foiatrack.api.views.common import AUTH
from foiatrack.core.tokens import api_token_issue_for_login

# --- Tokens ------------------------------------------------------------------------------


@extend_schema(tags=[AUTH])
@extend_schema_view(
    post=extend_schema(
        summary="Get your API token",
        description="Exchange a username and password for a new token, named 'API login "
        "<date>', expiring after API_TOKEN_LIFETIME_DAYS (90 by default); keep and reuse it. "
        "List and revoke tokens at /account/tokens/. Send it as 'Authorization: Token "
        "<token>'. Rate-limited.",
        request=s.TokenRequestSerializer,
        responses={200: s.TokenSerializer},
    )
)
class TokenObtain(generics.GenericAPIView):
    permission_classes = [AllowAny]
    serializer_class = s.TokenRequestSerializer
    parser_classes = [JSONParser, FormParser]

    def post(self, request):
        credentials = AuthTokenSerializer(data=request.data, context={"request": request})
        if not credentials.is_valid():
            # django-axes marks the request it was given when this username and address
            # are locked out after repeated failures: say so, as the login page does.
            if getattr(request, "axes_locked_out", False):
                raise exceptions.Throttled(
                    detail="Too many failed logins for this username from this address; "
                    "try again later."
                )
            raise exceptions.ValidationError(credentials.errors)
        return Response(
            {"token": api_token_issue_for_login(user=credentials.validated_data["user"])}
        )
