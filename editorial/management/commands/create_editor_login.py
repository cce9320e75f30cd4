"""Create or update a staff login in the Editor or Publisher role, without questions
when the password comes from the environment."""

import getpass
import os

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from editorial.roles import ROLES

PASSWORD_VARIABLE = "LMC_EDITOR_PASSWORD"


class Command(BaseCommand):
    help = (
        "Create or update a staff login in a role: --role editor or --role publisher. "
        f"The password is read from {PASSWORD_VARIABLE}, or asked for when it is not set."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--role", required=True, choices=sorted(ROLES))
        parser.add_argument("--email", default="")

    def handle(self, *args, username, role, email, **options):
        User = get_user_model()
        user = User.objects.filter(username=username).first() or User(username=username)
        password = os.environ.get(PASSWORD_VARIABLE) or self.ask_password()
        try:
            validate_password(password, user)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        created = user.pk is None
        with transaction.atomic():
            user.is_staff = True
            user.is_active = True
            if email:
                user.email = email
            user.set_password(password)
            user.save()
            # One role at a time: switching roles leaves the other group.
            user.groups.remove(*Group.objects.filter(name__in=ROLES.values()))
            user.groups.add(Group.objects.get(name=ROLES[role]))
        action = "Created" if created else "Updated"
        self.stdout.write(f"{action} the login “{username}” as {ROLES[role].lower()}.")

    def ask_password(self):
        password = getpass.getpass("Password: ")
        if password != getpass.getpass("Password (again): "):
            raise CommandError("The two passwords differ.")
        if not password:
            raise CommandError(f"Give a password, or set {PASSWORD_VARIABLE}.")
        return password
