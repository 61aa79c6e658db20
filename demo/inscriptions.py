"""An organisation registered online and not yet verified: `inscrit` (demo/comptes.py) is its
partner account and its application on the closed call is on the waitlist, so the ranking
shows its "organisme à vérifier" badge and refuses to retain it until an agent verifies it at
/organismes/<id>/verifier/. Idempotent."""

import random

from appels.models import Demande
from appels.services.comite import recommandation_decider
from demo.demandes import _demande
from demo.fichiers import pdf_de_demo
from demo.organismes import RTA_PAR_ARRONDISSEMENT
from noyau.historique import auteur
from organismes.models import Contact, Membre, Organisme
from referentiel.models import Territoire

NEQ = "1179990001"


def creer_organisme_a_verifier(utilisateurs, appels):
    ferme = list(appels.values())[0]
    organisme = Organisme.objects.filter(neq=NEQ).first()
    if organisme is None:
        arrondissement = Territoire.objects.filter(type="arrondissement", nom="Anjou").first()
        organisme = Organisme(
            nom_legal="Collectif Nouveaux Horizons",
            neq=NEQ,
            arrondissement=arrondissement,
            code_postal=f"{RTA_PAR_ARRONDISSEMENT['Anjou'][0]} 3E7" if arrondissement else "",
            courriel="fatou.ndiaye@horizons.example",
            verifie_le=None,
        )
        organisme.full_clean()
        organisme.save()
        Contact.objects.create(
            organisme=organisme,
            nom="Fatou Ndiaye",
            courriel="fatou.ndiaye@horizons.example",
            principal=True,
        )
    user = utilisateurs["inscrit"]
    if not Membre.objects.filter(user=user).exists():
        auteur(Membre(user=user, organisme=organisme), user).save()
    demande = ferme.demandes.filter(organisme=organisme).first()
    if demande is None:
        piece = pdf_de_demo("Pièce jointe", "Document joint à une demande.")
        demande = _demande(
            random.Random(22),
            ferme,
            organisme,
            Demande.Etat.RECEVABLE,
            user,
            utilisateurs["agent"],
            piece,
        )
    if demande.etat == Demande.Etat.RECEVABLE:
        # The committee decided every other application; this one waits for the verification
        # (retaining it is refused until then), so that the call can still become grants.
        recommandation_decider(
            demande=demande,
            par=utilisateurs["agent"],
            decision=Demande.Etat.LISTE_ATTENTE,
            motif="En attente de la vérification de l'organisme par un agent.",
        )
    return organisme
