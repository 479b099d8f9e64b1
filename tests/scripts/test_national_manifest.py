"""The national batch example (examples/batch-national/batch.toml) names each of the 31
provincial-level divisions that scripts/fetch-data-provinces --all builds, once, with the
template variables the shared province template needs. Run by ctest (scripts.*)."""
import os
import re
import tomllib
import unittest

ROOT = os.path.join(os.path.dirname(__file__), "..", "..")


def fetch_script_provinces():
    text = open(os.path.join(ROOT, "scripts", "fetch-data-provinces"), encoding="utf-8").read()
    table = text[text.index("declare -A prefix=("):]
    table = table[:table.index("\n)\n")]
    return set(re.findall(r"\[([a-z]+)\]=", table))


class NationalManifestTest(unittest.TestCase):
    def setUp(self):
        path = os.path.join(ROOT, "examples", "batch-national", "batch.toml")
        with open(path, "rb") as f:
            self.manifest = tomllib.load(f)
        self.runs = self.manifest["runs"]

    def test_31_divisions_each_once(self):
        names = [r["name"] for r in self.runs]
        self.assertEqual(len(names), 31)
        self.assertEqual(len(set(names)), 31)
        self.assertEqual(len({r["label"] for r in self.runs}), 31)

    def test_names_are_what_the_fetch_script_builds(self):
        self.assertEqual({r["name"] for r in self.runs}, fetch_script_provinces())
        for run in self.runs:
            self.assertEqual(run["vars"]["province"], run["name"])

    def test_template_exists_and_every_placeholder_has_a_value(self):
        template = os.path.join(ROOT, "examples", "batch-national", self.manifest["template"])
        text = open(template, encoding="utf-8").read()
        needed = set(re.findall(r"(?<!\$)\$\{([a-z_]+)\}", text)) - {"template_dir", "manifest_dir", "name"}
        for run in self.runs:
            values = set(self.manifest.get("vars", {})) | set(run["vars"])
            self.assertTrue(needed <= values, f"{run['name']}: missing {needed - values}")


if __name__ == "__main__":
    unittest.main()
