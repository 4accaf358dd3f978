"""Words the engine itself says, when no single rule's script fits."""

from __future__ import annotations

from ._schema import Text

UNSETTLED_SCRIPT = Text(
    en=(
        "I cannot answer this request yet. I need to confirm some facts and check with counsel first. "
        "Please leave your name, agency, badge number and a copy of any document."
    ),
    es=(
        "Todavía no puedo responder a esta solicitud. Necesito confirmar algunos datos y consultar primero "
        "con el asesor legal. Por favor, deje su nombre, agencia, número de placa y una copia de cualquier documento."
    ),
)

NO_RULE_SCRIPT = Text(
    en="I need to check with counsel before I can answer this request.",
    es="Necesito consultar con el asesor legal antes de poder responder a esta solicitud.",
)
