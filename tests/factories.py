import datetime
from decimal import Decimal

import factory
from django.contrib.auth.models import Group, User
from django.utils import timezone

from appels.models import (
    AppelDeProjets,
    CritereEvaluation,
    Demande,
    DocumentRequis,
    RegleAdmissibilite,
)
from catalogue.models import ServiceIntegration
from organismes.models import Contact, Document, Membre, Organisme
from reddition.models import Obligation
from referentiel.models import Rubrique, StatutImmigration, Territoire
from subventions.models import (
    Enveloppe,
    Programme,
    Repartition,
    ServiceFinance,
    Subvention,
    Transition,
)
from versements.models import ConventionSignee, Versement


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"utilisateur{n}")
    first_name = factory.Faker("first_name", locale="fr_CA")
    last_name = factory.Faker("last_name", locale="fr_CA")
    email = factory.LazyAttribute(lambda u: f"{u.username}@exemple.org")
    password = factory.django.Password("motdepasse-test-2026")

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.set([Group.objects.get_or_create(name=nom)[0] for nom in extracted])


class OrganismeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisme

    nom_legal = factory.Sequence(lambda n: f"Centre d'accueil numéro {n}")
    neq = factory.Sequence(lambda n: f"{1140000000 + n}")
    arrondissement = factory.LazyFunction(
        lambda: Territoire.objects.filter(type="arrondissement").first()
    )
    courriel = "info@exemple.org"


class MembreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membre

    user = factory.SubFactory(UserFactory, roles=["partenaire"])
    organisme = factory.SubFactory(OrganismeFactory)


# The people and organisations of tests/conftest.py's fixtures. Data built once for a module
# (tests/partage.py) builds the same ones through these, so that its cases find them under the
# fixtures' names and roles.
COMPTES_DE_TEST = {
    "agent": ("agent-test", ["agent"]),
    "autre_agent": ("agent-test-2", ["agent"]),
    "gestionnaire": ("gestionnaire-test", ["gestionnaire"]),
    "administrateur": ("admin-test", ["administrateur"]),
}
ORGANISMES_DE_TEST = {
    "organisme": "Carrefour d'accueil de Saint-Laurent",
    "autre_organisme": "Maison des familles de Verdun",
}


def compte_de_test(nom):
    """The account of the fixture `nom` (agent, autre_agent, gestionnaire, administrateur)."""
    username, roles = COMPTES_DE_TEST[nom]
    return UserFactory(username=username, roles=roles)


def organisme_de_test(nom):
    """The organisation of the fixture `nom` (organisme, autre_organisme)."""
    return OrganismeFactory(nom_legal=ORGANISMES_DE_TEST[nom])


def partenaire_de_test(organisme):
    """The `partenaire` fixture's account, a member of `organisme`."""
    return MembreFactory(user__username="partenaire-test", organisme=organisme).user


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"programme-{n}")
    nom = factory.Sequence(lambda n: f"Programme {n}")
    source_financement = Programme.Source.VILLE


class EnveloppeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enveloppe

    programme = factory.SubFactory(ProgrammeFactory)
    exercice = 2026
    montant = Decimal("1000000.00")


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceIntegration
        skip_postgeneration_save = True

    nom = factory.Sequence(lambda n: f"Accueil et orientation {n}")
    organisme = factory.SubFactory(OrganismeFactory)
    rubrique = factory.LazyFunction(lambda: Rubrique.objects.first())

    @factory.post_generation
    def statuts_vises(self, create, extracted, **kwargs):
        if create:
            self.statuts_vises.set(extracted or [StatutImmigration.objects.first()])


class SubventionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Subvention

    numero = factory.Sequence(lambda n: f"BINAM-2026-{n + 1:03d}")
    organisme = factory.SubFactory(OrganismeFactory)
    programme = factory.SubFactory(ProgrammeFactory)
    titre = factory.Sequence(lambda n: f"Projet d'accueil {n}")
    montant_accorde = Decimal("40000.00")
    # Never less than what is granted (Subvention.clean), whatever montant_accorde a test gives.
    montant_demande = factory.LazyAttribute(lambda s: max(Decimal("50000.00"), s.montant_accorde))
    date_debut = datetime.date(2026, 1, 1)
    date_fin = datetime.date(2026, 12, 31)


class RepartitionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Repartition

    subvention = factory.SubFactory(SubventionFactory)
    exercice = 2026
    montant = Decimal("40000.00")


def subvention_repartie(repartition, **kwargs):
    """A grant charged {exercice: montant} (its répartition rows), montant accordé their sum
    unless given."""
    parts = {exercice: Decimal(montant) for exercice, montant in repartition.items()}
    kwargs.setdefault("montant_accorde", sum(parts.values(), Decimal("0")))
    subvention = SubventionFactory(**kwargs)
    for exercice, montant in parts.items():
        RepartitionFactory(subvention=subvention, exercice=exercice, montant=montant)
    return subvention


class TransitionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Transition

    subvention = factory.SubFactory(SubventionFactory)
    de = Subvention.Statut.EN_ANALYSE
    vers = Subvention.Statut.RECOMMANDEE
    par = factory.SubFactory(UserFactory)


class ServiceFinanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceFinance

    subvention = factory.SubFactory(SubventionFactory)
    service = factory.SubFactory(
        ServiceFactory, organisme=factory.SelfAttribute("..subvention.organisme")
    )
    participants_cibles = 25
    montant = Decimal("10000.00")


# Smallest bytes that pass the upload checks (organismes.fichiers): a one-line PDF.
PDF_MINIMAL = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    organisme = factory.SubFactory(OrganismeFactory)
    nom = factory.Faker("name", locale="fr_CA")
    fonction = "Coordination"
    courriel = factory.Sequence(lambda n: f"contact{n}@exemple.org")
    telephone = "514 872-1234"
    principal = False


class DocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Document

    organisme = factory.SubFactory(OrganismeFactory)
    type = Document.Type.LETTRES_PATENTES
    titre = factory.Sequence(lambda n: f"Lettres patentes {n}")
    fichier = factory.django.FileField(filename="lettres-patentes.pdf", data=PDF_MINIMAL)


class VersementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Versement

    subvention = factory.SubFactory(SubventionFactory, statut=Subvention.Statut.CONVENTION_SIGNEE)
    rang = factory.Sequence(lambda n: n + 1)
    montant = Decimal("10000.00")
    date_prevue = datetime.date(2026, 2, 1)
    # Planned within its exercice (the CHECK versement_date_dans_exercice).
    exercice = factory.LazyAttribute(lambda v: v.date_prevue.year)
    condition = Versement.Condition.SIGNATURE
    condition_remplie = factory.LazyAttribute(
        lambda v: v.condition == Versement.Condition.SIGNATURE
    )


class ConventionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ConventionSignee

    subvention = factory.SubFactory(SubventionFactory, statut=Subvention.Statut.CONVENTION_SIGNEE)
    fichier = factory.django.FileField(filename="convention.pdf", data=PDF_MINIMAL)
    date_signature = datetime.date(2026, 1, 20)
    televerse_par = factory.SubFactory(UserFactory, roles=["agent"])


class ObligationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Obligation

    subvention = factory.SubFactory(SubventionFactory, statut=Subvention.Statut.EN_COURS)
    type = Obligation.Type.RAPPORT_ETAPE
    periode_debut = datetime.date(2026, 1, 1)
    periode_fin = datetime.date(2026, 6, 30)
    date_echeance = datetime.date(2026, 7, 31)
    statut = Obligation.Statut.A_VENIR


def obligation_due_dans(subvention, dans_jours, **kwargs):
    """An obligation due `dans_jours` days from today (negative: overdue), covering a period that
    ended 30 days before it: how the work queue's tests place their obligations."""
    echeance = timezone.localdate() + datetime.timedelta(days=dans_jours)
    return ObligationFactory(
        subvention=subvention,
        periode_debut=echeance - datetime.timedelta(days=90),
        periode_fin=echeance - datetime.timedelta(days=30),
        date_echeance=echeance,
        **kwargs,
    )


# --- Calls for projects (appels) --------------------------------------------------------------
def _dans_jours(n):
    return timezone.now() + datetime.timedelta(days=n)


class AppelFactory(factory.django.DjangoModelFactory):
    """A published call open now (opened 10 days ago, closing in 20), with no lines: see
    `appel_complet` for one with its grid, checklist and documents."""

    class Meta:
        model = AppelDeProjets

    programme = factory.SubFactory(ProgrammeFactory)
    exercice_debut = 2027
    exercice_fin = 2027
    titre = factory.Sequence(lambda n: f"Appel de projets {n}")
    description = "Projets d'accueil et d'intégration des personnes nouvellement arrivées."
    budget = Decimal("2000000.00")
    montant_minimum = Decimal("10000.00")
    montant_maximum = Decimal("100000.00")
    ouverture = factory.LazyFunction(lambda: _dans_jours(-10))
    cloture = factory.LazyFunction(lambda: _dans_jours(20))
    etat = AppelDeProjets.Etat.PUBLIE


# The demo's grid (domain.md): pertinence 30, faisabilité 25, partenariats 15, budget 15,
# retombées 15.
GRILLE_TYPE = [
    ("Pertinence", 30),
    ("Faisabilité", 25),
    ("Partenariats", 15),
    ("Budget", 15),
    ("Retombées", 15),
]


def appel_complet(**kwargs):
    """A call with the standard grid (weights total 100), two eligibility rules and two
    required documents."""
    appel = AppelFactory(**kwargs)
    for ordre, (libelle, poids) in enumerate(GRILLE_TYPE, start=1):
        CritereEvaluation.objects.create(
            appel=appel, libelle=libelle, ponderation=poids, note_maximale=10, ordre=ordre
        )
    RegleAdmissibilite.objects.create(appel=appel, type="neq", ordre=1)
    RegleAdmissibilite.objects.create(appel=appel, type="anciennete", annees=2, ordre=2)
    DocumentRequis.objects.create(appel=appel, libelle="Lettres patentes", ordre=1)
    DocumentRequis.objects.create(
        appel=appel, libelle="Derniers états financiers", obligatoire=True, ordre=2
    )
    return appel


class DemandeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Demande

    appel = factory.SubFactory(AppelFactory)
    organisme = factory.SubFactory(OrganismeFactory)
    titre_projet = factory.Sequence(lambda n: f"Projet déposé {n}")
    etat = Demande.Etat.BROUILLON


def evaluations_soumises(demandes, membres, criteres, valeur):
    """Submitted evaluations of every application by every member, in bulk: `valeur(i, j, k)`
    is the note of application i by member j on criterion k. Each evaluation stores its score
    as the service computes it on submission (`score_pondere`)."""
    from appels.models import Evaluation, Note
    from appels.models.comite import score_pondere

    notes = {
        (d.pk, m.pk): [Decimal(valeur(i, j, k)) for k in range(len(criteres))]
        for i, d in enumerate(demandes)
        for j, m in enumerate(membres)
    }
    evaluations = Evaluation.objects.bulk_create(
        Evaluation(
            demande=d,
            evaluateur=m,
            soumise_le=timezone.now(),
            score=score_pondere(
                (v, c.note_maximale, c.ponderation)
                for v, c in zip(notes[d.pk, m.pk], criteres, strict=True)
            ),
        )
        for d in demandes
        for m in membres
    )
    Note.objects.bulk_create(
        Note(evaluation=e, critere=c, valeur=v)
        for e in evaluations
        for v, c in zip(notes[e.demande_id, e.evaluateur_id], criteres, strict=True)
    )
    return evaluations


def comite_note(appel, *, n_demandes, n_evaluateurs, decide_par=None, prefixe="eval"):
    """A closed call's committee at scale, in bulk: `n_evaluateurs` members assigned to `appel`,
    `n_demandes` admissible applications (one organisation each, « Projet i », 30 000 $) scored
    by every member on every criterion, one in three retained at 1 000 $ by `decide_par` (the
    first member when none). Returns (demandes, membres)."""
    from appels.models import Evaluateur, Recommandation

    membres = [
        UserFactory(username=f"{prefixe}-{n_demandes}-{i}", roles=["evaluateur"])
        for i in range(n_evaluateurs)
    ]
    Evaluateur.objects.bulk_create(
        Evaluateur(appel=appel, user=m, ajoute_par=decide_par) for m in membres
    )
    demandes = Demande.objects.bulk_create(
        Demande(
            appel=appel,
            organisme=OrganismeFactory(),
            etat=Demande.Etat.RECEVABLE,
            titre_projet=f"Projet {i}",
            montant_demande=Decimal("30000"),
        )
        for i in range(n_demandes)
    )
    criteres = list(appel.criteres.all())
    evaluations_soumises(demandes, membres, criteres, lambda i, j, k: (i + j + k) % 11)
    Recommandation.objects.bulk_create(
        Recommandation(
            demande=d,
            decision=Recommandation.Decision.RETENUE,
            decide_par=decide_par or membres[0],
            montant_recommande=1000,
            motif="Oui",
        )
        for d in demandes[::3]
    )
    return demandes, membres
