"""What `journeymap build` may replace, and what it keeps there (issue 17, "Files lost"):
the hidden entries MkDocs' own clean of the site folder keeps (a gh-pages checkout's
`.git`, `.nojekyll`, `.htaccess`, `.well-known/`) outlive every build, as with
`mkdocs build`; and only a folder that journeymap or MkDocs built, or one that would lose
nothing, is replaced. Real `journeymap build` and `mkdocs build` processes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from commands import environment, journeymap, mkdocs, require_tool
from site_helpers import BETA, mkdocs_config, tree_digest, write_site

#: What a team keeps in its site folder, that no build writes: path -> content.
HIDDEN = {
    ".git/HEAD": "ref: refs/heads/gh-pages\n",
    ".git/config": "[core]\n\tbare = false\n",
    ".nojekyll": "",
    ".htaccess": "ErrorDocument 404 /404.html\n",
    ".well-known/security.txt": "Contact: mailto:security@example.com\n",
}
#: Entries a build deletes, with MkDocs as with journeymap: a page no longer built, and
#: a hidden file below the top of the site folder.
STALE = {"old-page/index.html": "<p>gone</p>\n", "journeys/.notes": "gone\n"}
MARKER = ".built-by-journeymap"  # what journeymap build leaves in its sites


def seed(folder: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def contents(folder: Path, files: dict[str, str]) -> dict[str, str | None]:
    return {
        rel: (folder / rel).read_text(encoding="utf-8") if (folder / rel).is_file() else None
        for rel in files
    }


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project with a hidden folder of its docs published (`!.well-known/`), whose site
    was built once by `journeymap build`."""
    require_tool("dot")
    root = write_site(
        tmp_path_factory.mktemp("folder") / "project",
        {"beta": BETA},
        mkdocs_config(exclude_docs="!.well-known/\n"),
        docs={"about.md": "# About\n", ".well-known/assetlinks.json": "[]\n"},
    )
    assert journeymap("build", cwd=root).returncode == 0
    return root


@pytest.fixture
def project(template: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(template, tmp_path / "project", symlinks=True))


def test_a_build_keeps_what_mkdocs_keeps_in_the_site_folder(project: Path, tmp_path: Path) -> None:
    """The same project, site folder and hidden files, built twice by `mkdocs build` and
    twice by `journeymap build`: the two sites are the same, and so are the hidden files
    (merged with the published `.well-known/`, as MkDocs writes over the folder)."""
    theirs = Path(shutil.copytree(project, tmp_path / "theirs", symlinks=True))
    for root, command in ((project, journeymap), (theirs, mkdocs)):
        seed(root / "site", HIDDEN | STALE)
        for _ in range(2):
            result = command("build", cwd=root)
            assert result.returncode == 0, result.stderr
    ours_site, theirs_site = project / "site", theirs / "site"
    assert contents(ours_site, HIDDEN) == HIDDEN
    assert contents(ours_site, STALE) == dict.fromkeys(STALE)
    assert (ours_site / ".well-known" / "assetlinks.json").read_text() == "[]\n"
    # Beside journeymap's marker, the sites match file for file (the gzip header of the
    # sitemap holds the build's time).
    ours, same = tree_digest(ours_site), tree_digest(theirs_site)
    assert MARKER in ours and MARKER in same  # the first build was journeymap's: kept
    del ours["sitemap.xml.gz"], same["sitemap.xml.gz"]
    assert ours == same
    assert sorted(path.name for path in project.iterdir()) == [
        "docs",
        "journeys",
        "mkdocs.yml",
        "site",
    ]


def test_hidden_files_of_a_site_moved_aside_after_its_swap_come_back(project: Path) -> None:
    """A build killed right after it swapped the new site in leaves the old one beside it
    (`.site.old-…`), still holding the hidden files: the next build moves them back."""
    site = project / "site"
    old = project / ".site.old-k1ll3d_x"
    shutil.copytree(site, old)
    seed(old, HIDDEN)
    (old / "about" / "index.html").write_text("<p>the old page</p>\n", encoding="utf-8")
    result = journeymap("build", cwd=project)
    assert result.returncode == 0, result.stderr
    assert contents(site, HIDDEN) == HIDDEN
    assert "the old page" not in (site / "about" / "index.html").read_text(encoding="utf-8")
    assert not old.exists()


#: Folders that journeymap build must refuse to replace: nothing shows journeymap or
#: MkDocs built them, and a build would delete their files.
NOT_SITES = {
    "a home page": {
        "index.html": "<h1>Me</h1>\n",
        "thesis.tex": "\\documentclass{article}\n",
        "photos/cat.jpg": "JPEG",
    },
    "another generator's site": {
        "index.html": "<h1>Blog</h1>\n",
        "404.html": "<h1>Not found</h1>\n",
        "sitemap.xml": "<urlset/>\n",
        "posts/first/index.html": "<p>first</p>\n",
    },
    "a checkout with one page": {
        ".git/HEAD": "ref: refs/heads/main\n",
        "index.html": "<h1>Me</h1>\n",
        "search/index.json": "[]\n",
    },
}


@pytest.mark.parametrize("kind", NOT_SITES)
def test_a_folder_journeymap_or_mkdocs_did_not_build_is_refused(
    project: Path, tmp_path: Path, kind: str
) -> None:
    home = tmp_path / "home"
    folder = home / "my-homepage"
    seed(folder, NOT_SITES[kind])
    before = tree_digest(home)
    result = journeymap("build", "-d", str(folder), cwd=project, env=environment(HOME=str(home)))
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert f"{folder} does not look like a built site" in result.stderr
    shown = sorted(name.split("/")[0] for name in NOT_SITES[kind] if not name.startswith("."))
    assert all(name in result.stderr for name in shown[:3])
    assert "--site-dir" in result.stderr
    assert tree_digest(home) == before
    assert sorted(path.name for path in home.iterdir()) == ["my-homepage"]


def built_by(root: Path, site: Path, **config: object) -> None:
    """`site` as plain `mkdocs build` (no journeymap plugin) makes it with `config`."""
    options = {"site_name": "Before journeymap", "site_dir": str(site), **config}
    (root / "plain.yml").write_text(yaml.safe_dump(options), encoding="utf-8")
    result = mkdocs("build", "-f", "plain.yml", cwd=root)
    assert result.returncode == 0, result.stderr


#: Site folders a build replaces: each was built by MkDocs or journeymap, or loses nothing.
SITES = [
    "missing",
    "empty",
    "only hidden files",
    "mkdocs theme, no search",
    "readthedocs theme, with search",
    "material theme, sitemap blanked",
    "journeymap's, no sitemap, no search",
]


@pytest.mark.parametrize("kind", SITES)
def test_a_folder_journeymap_or_mkdocs_built_or_an_empty_one_is_replaced(
    project: Path, kind: str
) -> None:
    site = project / "public"
    if kind == "empty":
        site.mkdir()
    elif kind == "only hidden files":
        seed(site, HIDDEN)
    elif kind == "mkdocs theme, no search":
        built_by(project, site, theme="mkdocs", plugins=[])
    elif kind == "readthedocs theme, with search":
        built_by(project, site, theme="readthedocs")
    elif kind == "material theme, sitemap blanked":
        (project / "overrides").mkdir()
        (project / "overrides" / "sitemap.xml").write_text("", encoding="utf-8")
        built_by(project, site, theme={"name": "material", "custom_dir": "overrides"})
        assert not (site / "sitemap.xml").exists() and (site / "search").is_dir()
    elif kind == "journeymap's, no sitemap, no search":
        shutil.copytree(project / "site", site)
        for name in ("sitemap.xml", "sitemap.xml.gz"):
            (site / name).unlink()
        shutil.rmtree(site / "search")
    if site.is_dir() and kind != "only hidden files":
        seed(site, {".nojekyll": ""})
    result = journeymap("build", "-d", "public", cwd=project)
    assert result.returncode == 0, result.stderr
    assert (site / "journeys" / "beta" / "index.html").is_file()
    assert (site / MARKER).is_file()
    if kind == "only hidden files":
        assert contents(site, HIDDEN) == HIDDEN
    elif kind != "missing":
        assert (site / ".nojekyll").is_file()
