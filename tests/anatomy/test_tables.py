import pytest

from spineviz.anatomy.levels import LEVEL_NAMES
from spineviz.anatomy.tables import TableError, dimensions, parse_dimensions, parse_segments, segments


def test_every_level_and_segment_has_a_cited_row():
    dims, segs = dimensions(), segments()
    assert sorted(dims) == sorted(LEVEL_NAMES)
    assert len(segs) == 24
    for row in [*dims.values(), *segs.values()]:
        assert row.source and any(tag in row.source for tag in ("[R]", "[R2]", "[M]")), row


# Figures pinned to their sources (see anatomy-data.md and the source column of dimensions.csv).
@pytest.mark.parametrize(
    ("level", "column", "value", "source"),
    [
        ("C1", "tps", 71.2, "Patel & Gupta: atlas total width 71.19 mm"),
        ("C1", "cd", 28.2, "Patel & Gupta: atlas canal AP 28.16 mm"),
        ("C2", "vbha", 26.2, "Teo et al.: C2 anterior body height 26.2 mm"),
        ("C2", "vbhp", 21.4, "Teo et al.: C2 posterior body height 21.4 mm"),
        ("C2", "cd", 14.4, "Parihar: C2 sagittal canal 14.4 mm"),
        ("C2", "pw", 5.8, "Naderi 2004: C2 pediculoisthmic inferior width 6.0/5.5 mm (R/L)"),
        ("C2", "ph", 10.1, "Naderi 2004: C2 pediculoisthmic height 10.3/9.9 mm (R/L)"),
        ("T2", "vbha", 16.9, "Egwu 2019: T2 anterior height 16.93 mm"),
        ("T9", "vbhp", 20.5, "Egwu 2019: T9 posterior height 20.46 mm"),
        ("T1", "pw", 9.3, "Kaur 2016: T1 pedicle width 9.27 mm"),
        ("T12", "ph", 15.5, "Cureus 2020: T12 pedicle height 15.45 mm"),
        ("L4", "ifw", 14.7, "Panjabi 1993 via Patel 2007: L4 facet width 14.7 mm"),
        ("L5", "ifh", 18.4, "Panjabi 1993 via Patel 2007: L5 facet height 18.4 mm"),
        ("C5", "sft", 40.2, "PMC2219934 Table 2: C5 40.5/39.8 deg to the transverse plane"),
        ("C7", "sfa", 94.4, "PMC2219934 Table 2: C7 94.5/94.3 deg to the sagittal plane"),
    ],
)
def test_pinned_figures(level, column, value, source):
    assert getattr(dimensions()[level], column) == pytest.approx(value, abs=0.06), source


def test_pinned_disc_heights():
    # Lumbar MRI disc mid-heights (Anatomical Sciences Journal, 14 adults) [R]
    expected = {"L1/2": 10.0, "L2/3": 11.59, "L3/4": 12.45, "L4/5": 13.82, "L5/S1": 12.99}
    for seg, h in expected.items():
        assert segments()[seg].disc_h == pytest.approx(h, abs=0.06)


def test_lumbar_facets_turn_toward_coronal_going_down():
    # Masharawi 2004 [R]: T12-L2 closer to sagittal (25.9-33.9 deg), L3-L5 further (40.4-56.3 deg)
    sfa = [dimensions()[n].sfa for n in ("L2", "L3", "L4", "L5", "S1")]
    assert sfa == sorted(sfa)
    assert 25.9 <= dimensions()["L2"].sfa <= 33.9
    assert all(40.4 <= dimensions()[n].sfa <= 56.3 for n in ("L4", "L5", "S1"))


HEADER = "level,epw,epd,vbha,vbhp,pw,ph,cw,cd,spl,spi,tps,ifw,ifh,sft,sfa,source\n"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("L6,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,x [M]\n", "L6 does not exist"),
        ("L4,a,1,1,1,1,1,1,1,1,1,1,1,1,1,1,x [M]\n", "column 'epw' is 'a'"),
        ("L4,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,\n", "no source"),
        ("L4,-3,1,1,1,1,1,1,1,1,1,1,1,1,1,1,x [M]\n", ">= 0"),
        ("L4,1,1\n", "wrong number of columns"),
        ("L4,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,x [M]\n", "no row for C1"),
    ],
)
def test_malformed_dimension_tables(body, message):
    with pytest.raises(TableError) as err:
        parse_dimensions(HEADER + body, "bad.csv")
    assert message in str(err.value) and "bad.csv" in str(err.value)


def test_malformed_segment_table():
    with pytest.raises(TableError, match="wedge"):
        parse_segments("segment,disc_h,wedge,source\nL4/5,10,forty,x\n", "s.csv")
    with pytest.raises(TableError, match="not neighbours"):
        parse_segments("segment,disc_h,wedge,source\nL4/L2,10,4,x\n", "s.csv")
