"""Account pages: your own API tokens, listed, created and revoked."""

from datetime import timedelta

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from foiatrack.core.forms import TokenCreateForm
from foiatrack.core.models import ApiToken
from foiatrack.core.roles import member_required
from foiatrack.core.tokens import api_token_create, api_token_revoke, api_tokens_of


@require_http_methods(["GET", "POST"])
@member_required
def token_list(request):
    """Your tokens (never anyone else's); POST creates one and shows its key once."""
    form = TokenCreateForm(request.POST or None)
    new_key = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            lifetime = timedelta(days=form.cleaned_data["lifetime_days"])
            _, new_key = api_token_create(
                user=request.user, name=form.cleaned_data["name"], lifetime=lifetime
            )
            form = TokenCreateForm()
        else:
            status = 400
    context = {"tokens": api_tokens_of(user=request.user), "form": form, "new_key": new_key}
    return render(request, "core/tokens.html", context, status=status)


@require_POST
@member_required
def token_revoke(request, token_id: int):
    """Revoke one of your tokens; someone else's is a 404, as if it did not exist."""
    try:
        token = api_token_revoke(user=request.user, token_id=token_id)
    except ApiToken.DoesNotExist:
        raise Http404("No such token of yours.") from None
    messages.success(request, f"Revoked “{token.name}”: it no longer opens the API.")
    return redirect("token_list")
