"""`yingji token create USERNAME [--name NAME]`, `token list [USERNAME]`, `token revoke PREFIX_OR_ID`.

The raw token is printed once, on creation; only its SHA-256 digest and visible prefix are kept.
"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from yingji.api.selectors import apitoken_find, apitoken_list
from yingji.api.services import apitoken_create, apitoken_revoke
from yingji.core.exceptions import ApplicationError


def _when(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else "-"


class Command(BaseCommand):
    help = "Create, list and revoke API tokens (Authorization: Bearer <token>)."

    def add_arguments(self, parser):
        subcommands = parser.add_subparsers(dest="subcommand", required=True, title="subcommands")
        create = subcommands.add_parser("create", help="create a token for USERNAME and print it once")
        create.add_argument("username")
        create.add_argument("--name", default="", help="what the token is for, e.g. the integration's name")
        listing = subcommands.add_parser("list", help="list tokens, optionally of one user")
        listing.add_argument("username", nargs="?")
        revoke = subcommands.add_parser("revoke", help="revoke a token by id or visible prefix")
        revoke.add_argument("prefix_or_id")

    def handle(self, *args, subcommand, **options):
        getattr(self, f"_{subcommand}")(**options)

    def _create(self, *, username, name, **options):
        user = get_user_model()._default_manager.filter(username=username).first()
        if user is None:
            raise CommandError(f"no user named {username!r}")
        try:
            token, raw = apitoken_create(actor=None, user=user, name=name)
        except ApplicationError as exc:
            raise CommandError(str(exc.message)) from exc
        self.stdout.write(self.style.SUCCESS(f"created token {token.pk} ({token.prefix}…) for {username}"))
        self.stdout.write("Store it now; it is not shown again:")
        self.stdout.write(raw)

    def _list(self, *, username=None, **options):
        tokens = list(apitoken_list(username=username))
        if not tokens:
            self.stdout.write("no tokens")
            return
        row = "{:>5}  {:<12} {:<20} {:<16} {:<16} {}  {}"
        self.stdout.write(row.format("id", "prefix", "user", "created", "last used", "status", "name"))
        for token in tokens:
            status = f"revoked {_when(token.revoked_at)}" if token.is_revoked else "active"
            self.stdout.write(row.format(
                token.pk, token.prefix, token.user.get_username(), _when(token.created_at),
                _when(token.last_used_at), status, token.name,
            ))

    def _revoke(self, *, prefix_or_id, **options):
        found = apitoken_find(prefix_or_id)
        if not found:
            raise CommandError(f"no token matches {prefix_or_id!r}; give its id or whole prefix (token list)")
        if len(found) > 1:
            listed = ", ".join(f"{t.pk} ({t.prefix})" for t in found)
            raise CommandError(f"{prefix_or_id!r} matches several tokens: {listed}; give the id")
        token = found[0]
        if token.is_revoked:
            self.stdout.write(f"token {token.pk} ({token.prefix}…) was already revoked")
            return
        apitoken_revoke(actor=None, token=token)
        owner = token.user.get_username()
        self.stdout.write(self.style.SUCCESS(f"revoked token {token.pk} ({token.prefix}…) of {owner}"))
