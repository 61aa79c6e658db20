from .accueil import PortailAccueilView

__all__ = ["PortailAccueilView"]
