"""Language models of the app: request -> operations (``predictor``), parameters, plans.

Nothing here imports Qt. Heavy pieces (the weights) load lazily on first use:
``from ldie_desktop.model.predictor import OperationPredictor``.
"""
