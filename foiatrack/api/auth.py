"""API authentication: 'Authorization: Token <key>' against named, expiring tokens."""

from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication

from foiatrack.core.tokens import TokenRefusedError, api_token_authenticate


class ExpiringTokenAuthentication(TokenAuthentication):
    """DRF's token header, checked against foiatrack.core.tokens: an unknown, expired or
    revoked key is a 401 in the API's error shape, saying which."""

    keyword = "Token"

    def authenticate_credentials(self, key):
        try:
            token = api_token_authenticate(key=key)
        except TokenRefusedError as error:
            raise exceptions.AuthenticationFailed(str(error)) from None
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed("The token's account is disabled.")
        return token.user, token
