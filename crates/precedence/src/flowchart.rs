//! AWS's evaluation logic as a flowchart, without drawing it: the path a request takes through
//! the decision points and where each shape goes. The playground draws it as SVG from these.

pub mod layout;
pub mod path;
