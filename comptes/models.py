from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ChangementRole(models.Model):
    """One role given to or taken from an account: who did it, to whom, when. Kept so that
    nobody's business powers change without a trace (domain.md, separation of duties)."""

    SUPERUTILISATEUR = "superutilisateur"

    utilisateur = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("compte"),
        on_delete=models.PROTECT,
        related_name="changements_roles",
    )
    role = models.CharField(_("rôle"), max_length=30)
    ajoute = models.BooleanField(_("ajouté"))
    par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("par"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    le = models.DateTimeField(_("le"), default=timezone.now)

    class Meta:
        verbose_name = _("changement de rôle")
        verbose_name_plural = _("changements de rôles")
        ordering = ["-le", "-pk"]

    def __str__(self):
        return f"{self.utilisateur} {'+' if self.ajoute else '−'}{self.role}"
