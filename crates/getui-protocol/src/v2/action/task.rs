//! T1–T4: stop, query and delete tasks, message details.

use getui_model::v2::task::{ScheduleTasks, TaskDetail};
use getui_model::ValidationError;

use super::{check_required, parse_data_or_default, parse_unit, wire_action, Wire};
use crate::v2::path::push_segment;

fn task_path(prefix: &str, taskid: &str) -> Result<Wire, ValidationError> {
    check_required("taskid", taskid)?;
    let mut path = String::from(prefix);
    push_segment(&mut path, taskid);
    Ok(Wire::new(path))
}

/// T1 `DELETE /task/{taskid}`: stop a list or app task. No body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StopPush {
    wire: Wire,
}

impl StopPush {
    /// Stops `taskid` (any non-empty string, escaped as one segment).
    pub fn new(taskid: &str) -> Result<Self, ValidationError> {
        Ok(Self {
            wire: task_path("/task", taskid)?,
        })
    }
}

wire_action!(
    StopPush,
    "stopPush",
    Delete,
    "DELETE /task/{taskid}",
    (),
    parse_unit
);

/// T2 `GET /task/schedule/{taskid}`: the state of a scheduled task.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryScheduleTask {
    wire: Wire,
}

impl QueryScheduleTask {
    /// Queries `taskid`.
    pub fn new(taskid: &str) -> Result<Self, ValidationError> {
        Ok(Self {
            wire: task_path("/task/schedule", taskid)?,
        })
    }
}

wire_action!(
    QueryScheduleTask,
    "queryScheduleTask",
    Get,
    "GET /task/schedule/{taskid}",
    ScheduleTasks,
    parse_data_or_default
);

/// T3 `DELETE /task/schedule/{taskid}`: delete a scheduled task not yet sent. No body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeleteScheduleTask {
    wire: Wire,
}

impl DeleteScheduleTask {
    /// Deletes `taskid`.
    pub fn new(taskid: &str) -> Result<Self, ValidationError> {
        Ok(Self {
            wire: task_path("/task/schedule", taskid)?,
        })
    }
}

wire_action!(
    DeleteScheduleTask,
    "deleteScheduleTask",
    Delete,
    "DELETE /task/schedule/{taskid}",
    (),
    parse_unit
);

/// T4 `GET /task/detail/{cid}/{taskid}`: the delivery path of one cid in one task (docs
/// only; needs permission, else 10004).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryTaskDetail {
    wire: Wire,
}

impl QueryTaskDetail {
    /// Queries `cid` in `taskid` (note the order: cid first).
    pub fn new(cid: &str, taskid: &str) -> Result<Self, ValidationError> {
        check_required("cid", cid)?;
        check_required("taskid", taskid)?;
        let mut path = String::from("/task/detail");
        push_segment(&mut path, cid);
        push_segment(&mut path, taskid);
        Ok(Self {
            wire: Wire::new(path),
        })
    }
}

wire_action!(
    QueryTaskDetail,
    "queryTaskDetail",
    Get,
    "GET /task/detail/{cid}/{taskid}",
    TaskDetail,
    parse_data_or_default
);
