//! Task methods (`/task/…`, T1–T4).
//!
//! One list, expanded for both clients by the generators of [`super`].

macro_rules! methods {
    ($gen:ident) => {
        $gen! {
            /// Stops a list or app task (`DELETE /task/{taskid}`, official `stopPush`).
            fn stop_push(taskid: &str) -> ()
                = action::StopPush::new(taskid);
                example "let taskid = \"RASL_0101_abc\";";

            /// The state of a scheduled task (`GET /task/schedule/{taskid}`, official
            /// `queryScheduleTask`).
            fn query_schedule_task(taskid: &str) -> ScheduleTasks
                = action::QueryScheduleTask::new(taskid);
                example "let taskid = \"RASA_0101_abc\";";

            /// Deletes a scheduled task not yet sent (`DELETE /task/schedule/{taskid}`,
            /// official `deleteScheduleTask`).
            fn delete_schedule_task(taskid: &str) -> ()
                = action::DeleteScheduleTask::new(taskid);
                example "let taskid = \"RASA_0101_abc\";";

            /// The delivery path of one cid in one task (`GET /task/detail/{cid}/{taskid}`,
            /// documented; in neither official SDK; needs permission).
            fn query_task_detail(cid: &str, taskid: &str) -> TaskDetail
                = action::QueryTaskDetail::new(cid, taskid);
                example "let (cid, taskid) = (\"cid-1\", \"RASS_0101_abc\");";
        }
    };
}

#[cfg(feature = "async")]
mod async_methods {
    use super::super::checked;
    use crate::error::Result;
    use getui_model::v2::task::{ScheduleTasks, TaskDetail};
    use getui_protocol::v2::action;
    methods!(async_v2_methods);
}

#[cfg(feature = "blocking")]
mod blocking_methods {
    use super::super::checked;
    use crate::error::Result;
    use getui_model::v2::task::{ScheduleTasks, TaskDetail};
    use getui_protocol::v2::action;
    methods!(blocking_v2_methods);
}
