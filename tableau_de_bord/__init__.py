"""Le tableau de bord Dash d'Enerlycée : `tableau_de_bord.app.creer_tableau_de_bord(stockage)`."""
