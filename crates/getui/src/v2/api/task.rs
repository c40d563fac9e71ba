//! Task methods (`/task/…`, T1–T4).
//!
//! One list, expanded for both clients by the generators of [`super`].

macro_rules! methods {
    ($gen:ident) => {
        $gen! {
            /// Stops a list or app task (`DELETE /task/{taskid}`, official `stopPush`).
            fn stop_push(taskid: &str) -> ()
                = action::StopPush::new(taskid);
                example "let taskid = &call!(client.create_list_msg(&PushRequest::new().push_message(PushMessage::transmission(\"news\")))).taskid;";

            /// The state of a scheduled task (`GET /task/schedule/{taskid}`, official
            /// `queryScheduleTask`).
            fn query_schedule_task(taskid: &str) -> ScheduleTasks
                = action::QueryScheduleTask::new(taskid);
                example "# let in_a_day = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_millis() as i64 + 86_400_000;\nlet request = PushRequest::new().settings(Settings::new().schedule_time(in_a_day)).push_message(PushMessage::transmission(\"later\"));\nlet taskid = &call!(client.push_all(&request)).taskid;";

            /// Deletes a scheduled task not yet sent (`DELETE /task/schedule/{taskid}`,
            /// official `deleteScheduleTask`).
            fn delete_schedule_task(taskid: &str) -> ()
                = action::DeleteScheduleTask::new(taskid);
                example "# let in_a_day = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_millis() as i64 + 86_400_000;\nlet request = PushRequest::new().settings(Settings::new().schedule_time(in_a_day)).push_message(PushMessage::transmission(\"later\"));\nlet taskid = &call!(client.push_all(&request)).taskid;";

            /// The delivery path of one cid in one task (`GET /task/detail/{cid}/{taskid}`,
            /// documented; in neither official SDK; needs permission).
            fn query_task_detail(cid: &str, taskid: &str) -> TaskDetail
                = action::QueryTaskDetail::new(cid, taskid);
                example "let answer = call!(client.push_to_single_by_cid(&PushRequest::new().cid(\"cid-1\").push_message(PushMessage::transmission(\"x\"))));\nlet (cid, taskid) = (\"cid-1\", answer.keys().next().unwrap().as_str());";
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
