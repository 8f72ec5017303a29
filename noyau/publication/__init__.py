"""Ce qui sort d'Enerlycée : exports, données ouvertes, déclaration OPERAT."""
