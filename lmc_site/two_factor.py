"""Two-factor sign-in to the admin for superusers and Publishers (django-otp).

After the password, the admin asks for the 6-digit code of an authenticator app. The first
time, the page shows the key to enter in the app (as text and as an otpauth:// address:
no image, no script), asks for a code to confirm it, and then shows ten one-use recovery
codes once. A recovery code works instead of the app's code when the phone is lost.
Editors who cannot publish sign in with their password alone. ADMIN_REQUIRE_2FA switches
the rule (on in production, off in development).
"""

from base64 import b32encode

from django import forms
from django.contrib.admin.views.decorators import staff_member_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django_otp import login as otp_login
from django_otp import match_token
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.permissions import needs_second_factor

RECOVERY_CODE_COUNT = 10


class AdminTwoFactorMiddleware:
    """Sends a superuser or Publisher who has not given a code this session to the code page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        admin_prefix = reverse("admin:index")
        exempt = (reverse("two_factor"), reverse("admin:logout"), reverse("admin:login"))
        if (
            request.path.startswith(admin_prefix)
            and not request.path.startswith(exempt)
            and needs_second_factor(request.user)
            and not request.user.is_verified()
        ):
            return redirect(f"{reverse('two_factor')}?next={request.get_full_path()}")
        return self.get_response(request)


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Code",
        max_length=16,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True}),
    )


def make_recovery_codes(user):
    device, _ = StaticDevice.objects.get_or_create(user=user, name="Recovery codes")
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def next_url(request):
    url = request.GET.get("next", "")
    if url_has_allowed_host_and_scheme(url, {request.get_host()}, request.is_secure()):
        return url
    return reverse("admin:index")


@staff_member_required
def two_factor(request):
    user = request.user
    if not needs_second_factor(user) or user.is_verified():
        return redirect(next_url(request))
    app = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    setting_up = app is None
    if setting_up:
        app = TOTPDevice.objects.filter(user=user, confirmed=False).first()
        app = app or TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)
    form = CodeForm(request.POST or None)
    if form.is_valid():
        code = form.cleaned_data["code"].replace(" ", "")
        if setting_up:
            device = app if app.verify_token(code) else None
        else:
            device = match_token(user, code)
        if device is not None:
            otp_login(request, device)
            if setting_up:
                app.confirmed = True
                app.save(update_fields=["confirmed"])
                codes = make_recovery_codes(user)
                return render(
                    request,
                    "admin/two_factor_recovery_codes.html",
                    {"codes": codes, "next": next_url(request), "title": "Recovery codes"},
                )
            return redirect(next_url(request))
        form.add_error("code", "That code is not right, or it has expired. Try the next one.")
    return render(
        request,
        "admin/two_factor.html",
        {
            "form": form,
            "setting_up": setting_up,
            "secret": b32encode(app.bin_key).decode() if setting_up else "",
            "config_url": app.config_url if setting_up else "",
            "title": "Set up two-factor sign-in" if setting_up else "Two-factor sign-in",
        },
    )
