"""API tokens."""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import exceptions, generics
from rest_framework.authtoken.models import Token
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.parsers import FormParser, JSONParser
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from foiatrack.api import serializers as s
from foiatrack.api.views.common import AUTH

# --- Tokens ------------------------------------------------------------------------------


@extend_schema(tags=[AUTH])
@extend_schema_view(
    post=extend_schema(
        summary="Get your API token",
        description="Exchange a username and password for the account's token (created on "
        "first use). Send it as 'Authorization: Token <token>'. Rate-limited.",
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
        token, _ = Token.objects.get_or_create(user=credentials.validated_data["user"])
        return Response({"token": token.key})
