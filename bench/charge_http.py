"""La charge HTTP des bancs : wrk (`apt-get install wrk`) demande des chemins tour à tour à un
serveur local, et ce qu'il en mesure : requêtes par seconde, erreurs, latences p50, p95 et p99."""

import subprocess
from pathlib import Path

SCRIPT_WRK = """
local chemins = {%(chemins)s}
local k = 0
request = function()
  k = k %% #chemins + 1
  return wrk.format("GET", chemins[k])
end
done = function(resume, latence, requetes)
  io.write(string.format("RESULTAT %%d %%d %%d %%.3f %%.2f %%.2f %%.2f\\n", resume.requests, resume.errors.status,
    resume.errors.connect + resume.errors.read + resume.errors.write + resume.errors.timeout, resume.duration / 1e6,
    latence:percentile(50) / 1000, latence:percentile(95) / 1000, latence:percentile(99) / 1000))
end
"""


def mesurer(port: int, chemins: list[str], dossier: Path, duree: int, connexions: int, fils: int = 1) -> dict:
    """`duree` secondes de charge sur 127.0.0.1:`port`, `connexions` connexions, `fils` fils de wrk :
    {"requetes", "secondes", "req_s", "erreurs_statut", "erreurs_socket", "erreurs", "p50", "p95", "p99"}
    (latences en ms)."""
    script = dossier / "charge.lua"
    script.write_text(SCRIPT_WRK % {"chemins": ", ".join(f'"{c}"' for c in chemins)})
    sortie = subprocess.run(
        ["wrk", "-t", str(fils), "-c", str(connexions), "-d", f"{duree}s", "--timeout", "30s", "-s", str(script),
         f"http://127.0.0.1:{port}"],
        capture_output=True, text=True, check=True,
    ).stdout
    r = next(ligne for ligne in sortie.splitlines() if ligne.startswith("RESULTAT")).split()
    requetes, statut, socket, secondes = int(r[1]), int(r[2]), int(r[3]), float(r[4])
    return {"requetes": requetes, "secondes": secondes, "req_s": requetes / secondes, "erreurs_statut": statut,
            "erreurs_socket": socket, "erreurs": statut + socket, "p50": float(r[5]), "p95": float(r[6]), "p99": float(r[7])}
