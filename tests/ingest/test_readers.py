"""Reading an export: junk bytes under a binary name, exports outside the wave folder."""

from __future__ import annotations

import pytest

from analysis.cli import main
from tests.ingest.demo import CODEBOOK, refused, write_demo


@pytest.mark.parametrize("name, expected", [("export.sav", "an SPSS .sav file"),
                                            ("export.xlsx", "an Excel .xlsx workbook")])
def test_junk_bytes_under_a_binary_name(project, capsys, name, expected):
    folder = write_demo(project.root, name=name)
    (folder / name).write_bytes(b"\x00\x13junk that is no export at all \xff\xfe\x80")
    err = refused(main, project, capsys)
    assert expected in err and "neither an SPSS or Stata file nor a workbook" in err
    assert "encoding" not in err and len(err.strip().splitlines()) == 1


@pytest.mark.parametrize("data", ["/etc/passwd", "../other/export.csv", "sub/../../x.csv", "C:\\\\data\\\\x.csv"])
def test_files_data_stays_inside_the_wave_folder(project, capsys, data):
    write_demo(project.root, codebook=CODEBOOK.replace('data = "export.csv"', f'data = "{data}"'))
    err = refused(main, project, capsys, stage="validate")
    assert "at 'files.data'" in err and "inside the wave folder" in err
    assert "root:" not in err


def test_wave_name_must_be_the_folder_name(project, capsys):
    # A copy of a wave folder whose codebook still names the old wave writes nothing anywhere.
    write_demo(project.root)
    (project.raw / "demo").rename(project.raw / "demo2")
    (project.processed / "demo" / "tables").mkdir(parents=True)
    (project.processed / "demo" / "tables" / "estimates.csv").write_text("old\n")
    for stage in ("validate", "ingest", "tables"):
        err = refused(main, project, capsys, stage=stage, wave="demo2")
        assert "found 'demo', expected [wave] name = \"demo2\"" in err
    assert (project.processed / "demo" / "tables" / "estimates.csv").read_text() == "old\n"


@pytest.mark.parametrize("name", ["../../../escaped", "a/b", "two\\nlines", ".hidden", "a..b"])
def test_wave_names_that_are_not_folder_names(name):
    from analysis.codebook import parse_codebook
    from analysis.errors import InputError

    with pytest.raises(InputError, match="at 'wave.name'"):
        parse_codebook(CODEBOOK.replace('name = "demo"', f'name = "{name}"'))
