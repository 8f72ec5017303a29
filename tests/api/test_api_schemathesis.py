"""L'API éprouvée par schemathesis d'après son /openapi.json, dans le processus (ASGI) : aucune
erreur du serveur (5xx), aucune réponse hors de son schéma, aucun statut ni type non documenté.

Borné (MAX_EXEMPLES par opération) et déterministe (derandomize). Chaque requête porte un jeton
`region` : les écritures sont éprouvées aussi (dans le stockage jetable du test), sans limite de
débit. Les opérations sont parcourues à la main (`as_strategy`) : l'intégration pytest de
schemathesis (`from_fixture`) ne fonctionne pas avec pytest 9 (`Function._nodeid`).
"""

import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance, status_code_conformance

from api import creer_app
from noyau.communaute.jetons import creer_jeton

MAX_EXEMPLES = 20
VERIFICATIONS = [not_a_server_error, response_schema_conformance, status_code_conformance, content_type_conformance]


def test_api_conforme_a_son_schema(stockage_rempli):
    schema = schemathesis.openapi.from_asgi("/openapi.json", creer_app(stockage_rempli, ecritures_par_minute=0))
    entetes = {"Authorization": f"Bearer {creer_jeton(stockage_rempli, 'region', None)}"}
    fautes, eprouvees = {}, []
    for resultat in schema.get_all_operations():
        operation = resultat.ok()
        eprouvees.append(operation.label)

        @given(operation.as_strategy())
        @settings(max_examples=MAX_EXEMPLES, derandomize=True, deadline=None, database=None,
                  suppress_health_check=list(HealthCheck))
        def eprouver(case):
            case.call_and_validate(headers=entetes, checks=VERIFICATIONS)

        try:
            eprouver()
        except (Exception, BaseExceptionGroup) as erreur:  # on réunit les fautes de toutes les opérations
            fautes[operation.label] = str(erreur)[:2000]
    assert {"GET /api/v1/export", "PUT /api/v1/sites/{uai}", "GET /api/v1/operat", "GET /sante"} <= set(eprouvees)
    assert fautes == {}, "\n\n".join(f"{nom} :\n{texte}" for nom, texte in fautes.items())
