"""L'API HTTP d'Enerlycée (FastAPI) : lecture ouverte des sites, consommations, exports et qualité."""

from api.app import creer_app

__all__ = ["creer_app"]
