"""Convert between units of length, mass and volume.

Run as a script with ``VALUE FROM_UNIT TO_UNIT``, e.g. ``3.5 mi km``.
"""
import sys
from enum import Enum


class Dimension(Enum):
    LENGTH = "length"
    MASS = "mass"
    VOLUME = "volume"


# unit -> (dimension, factor to the base unit: metre, kilogram, litre)
UNITS = {
    "mm": (Dimension.LENGTH, 0.001),
    "cm": (Dimension.LENGTH, 0.01),
    "m": (Dimension.LENGTH, 1.0),
    "km": (Dimension.LENGTH, 1000.0),
    "in": (Dimension.LENGTH, 0.0254),
    "ft": (Dimension.LENGTH, 0.3048),
    "mi": (Dimension.LENGTH, 1609.344),
    "g": (Dimension.MASS, 0.001),
    "kg": (Dimension.MASS, 1.0),
    "lb": (Dimension.MASS, 0.45359237),
    "oz": (Dimension.MASS, 0.028349523125),
    "ml": (Dimension.VOLUME, 0.001),
    "l": (Dimension.VOLUME, 1.0),
    "gal": (Dimension.VOLUME, 3.785411784),
}


class ConversionError(ValueError):
    pass


def convert(value, from_unit, to_unit):
    try:
        from_dim, from_factor = UNITS[from_unit.lower()]
        to_dim, to_factor = UNITS[to_unit.lower()]
    except KeyError as exc:
        raise ConversionError(f"unknown unit {exc.args[0]!r}") from None
    if from_dim is not to_dim:
        raise ConversionError(
            f"cannot convert {from_dim.value} ({from_unit}) "
            f"to {to_dim.value} ({to_unit})"
        )
    return value * from_factor / to_factor


def units_for(dimension):
    return sorted(
        (name for name, (dim, _) in UNITS.items() if dim is dimension),
        key=lambda name: UNITS[name][1],
    )


def main(argv):
    if len(argv) != 3:
        for dimension in Dimension:
            print(f"{dimension.value:>7}: " + ", ".join(units_for(dimension)))
        return 2
    raw_value, from_unit, to_unit = argv
    try:
        result = convert(float(raw_value), from_unit, to_unit)
    except (ValueError, ConversionError) as exc:
        print("error:", exc, file=sys.stderr)
        return 1
    print(f"{raw_value} {from_unit} = {result:.6g} {to_unit}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]) if len(sys.argv) > 1 else main(["3.5", "mi", "km"]))
