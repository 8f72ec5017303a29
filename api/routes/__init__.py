"""Un routeur par ressource."""
