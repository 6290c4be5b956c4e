//! Charts: rankings and trends drawn with plotters into PNG and SVG.
