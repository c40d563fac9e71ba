//! TEMPLATES.md section 13, golden vectors G1–G12 (Python SDK output, appId `APPID`, appKey
//! `APPKEY`), built with the Rust API.

use super::{b64, decode_transparent};
use crate::pb;
use getui_model::{
    ApnInfo, ApnTemplate, ApnsPayload, DisplayWindow, LinkTemplate, NotificationTemplate, Notify,
    NotifyType, NotyPopLoadTemplate, Platform, RevokeTemplate, SmsMessage, StartActivityTemplate,
    Style, Style0, Style1, Style4, Style6, Template, TransmissionTemplate,
};

fn check(template: impl Into<Template>, len: usize, expected: &str) {
    let template = template.into();
    let bytes = pb::transparent(&template).unwrap();
    assert_eq!(bytes.len(), len);
    assert_eq!(pb::client_data(&template).unwrap(), expected);
}

fn transmission(transmission_type: i32) -> TransmissionTemplate {
    TransmissionTemplate::builder()
        .app_id("APPID")
        .app_key("APPKEY")
        .transmission_type(transmission_type)
        .build()
        .unwrap()
}

fn notification() -> NotificationTemplate {
    NotificationTemplate::builder()
        .app_id("APPID")
        .app_key("APPKEY")
        .title("T")
        .text("X")
        .build()
        .unwrap()
}

#[test]
fn g1_transmission_type_1() {
    let mut t = transmission(1);
    t.transmission_content = "hello".into();
    check(t, 86, "CgASC3B1c2htZXNzYWdlGgAiBkFQUEtFWSoFQVBQSUQyADoEWAFoAUIHCAEQABiuTkIZCK5OEAMYZOIIAOoIBgoAEgAaAPAIAfgIZEIECGQQB0oAUAQ=");
}

#[test]
fn g1_hex_layout() {
    let bytes = pb::transparent(&transmission(1).into()).unwrap();
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    let expected = "0a00 120b707573686d657373616765 1a00 22064150504b4559 2a054150504944 3200 3a04 5801 6801 4207 0801 1000 18ae4e 4219 08ae4e 1003 1864 e20800 ea08 06 0a00 1200 1a00 f00801 f80864 4204 0864 1007 4a00 5004";
    assert_eq!(hex, expected.replace(' ', ""));
}

#[test]
fn g2_transmission_type_2() {
    check(transmission(2), 86, "CgASC3B1c2htZXNzYWdlGgAiBkFQUEtFWSoFQVBQSUQyADoEWAFoAUIHCAEQABiuTkIZCK5OEAMYZOIIAOoIBgoAEgAaAPAIAPgIZEIECGQQB0oAUAQ=");
}

#[test]
fn g3_notification() {
    let mut t = notification();
    t.transmission_type = 1;
    check(t, 222, "CgASC3B1c2htZXNzYWdlGgAiBkFQUEtFWSoFQVBQSUQyADoEWAFoAUIHCAEQABiQTkJ8CJBOEAEYmk6iBgCqBgCyBgFUugYBWMAGAcgGAdAGAeoXEgoLbm90aWZ5U3R5bGUSATAYAeoXFAoHY2hhbm5lbBIHRGVmYXVsdBgA6hcYCgtjaGFubmVsTmFtZRIHRGVmYXVsdBgA6hcTCgxjaGFubmVsTGV2ZWwSATMYAUIICJpOEAAYrk5CGQiuThADGGTiCADqCAYKABIAGgDwCAH4CGRCBAhkEAdKAFAA");
}

#[test]
fn g4_notification_with_display_window() {
    let mut t = notification();
    t.duration = Some(DisplayWindow::new(
        "2015-03-06 14:36:10",
        "2015-03-06 14:46:20",
    ));
    check(t, 262, "CgASC3B1c2htZXNzYWdlGgAiBkFQUEtFWSoFQVBQSUQyADoEWAFoAUIHCAEQABiQTkJ8CJBOEAEYmk6iBgCqBgCyBgFUugYBWMAGAcgGAdAGAeoXEgoLbm90aWZ5U3R5bGUSATAYAeoXFAoHY2hhbm5lbBIHRGVmYXVsdBgA6hcYCgtjaGFubmVsTmFtZRIHRGVmYXVsdBgA6hcTCgxjaGFubmVsTGV2ZWwSATMYAUIICJpOEAAYrk5CGQiuThADGGTiCADqCAYKABIAGgDwCAD4CGRCBAhkEAdKKGR1cmF0aW9uPTE0MjU2MjM3NzAwMDAuMC0xNDI1NjI0MzgwMDAwLjBQAA==");
    // The same window given in epoch milliseconds.
    let mut t = notification();
    t.duration = Some(DisplayWindow::from_epoch_ms(
        1_425_623_770_000,
        1_425_624_380_000,
    ));
    let decoded = decode_transparent(&pb::client_data(&t.into()).unwrap());
    assert_eq!(
        decoded.condition,
        ["duration=1425623770000.0-1425624380000.0"]
    );
}

#[test]
fn g5_link() {
    let t = LinkTemplate::builder()
        .app_id("APPID")
        .app_key("APPKEY")
        .title("T")
        .text("X")
        .url("http://u")
        .build()
        .unwrap();
    check(t, 234, "CgASC3B1c2htZXNzYWdlGgAiBkFQUEtFWSoFQVBQSUQyADoEWAFoAUIHCAEQABiQTkKOAQiQThABGJpOogYAqgYAsgYBVLoGAVjABgHIBgHQBgHqFw8KCG5vdGlmeWlkEgEwGADqFxQKB2NoYW5uZWwSB0RlZmF1bHQYAOoXGAoLY2hhbm5lbE5hbWUSB0RlZmF1bHQYAOoXEwoMY2hhbm5lbExldmVsEgEzGAHqFxIKC25vdGlmeVN0eWxlEgEwGAFCCAiaThAAGLhOQhIIuE4QBBhkggoIaHR0cDovL3VCBAhkEAdKAFAB");
}

/// Without a style, LinkTemplate's `notifyStyle` field carries `notifyid` (the official wire
/// form); `notifyStyle` itself is not sent.
#[test]
fn g5_link_notify_style_field_carries_notifyid() {
    let t = LinkTemplate::builder()
        .app_id("APPID")
        .app_key("APPKEY")
        .title("T")
        .text("X")
        .url("http://u")
        .notify_style(2)
        .notify_id(77)
        .build()
        .unwrap();
    let decoded = decode_transparent(&pb::client_data(&t.into()).unwrap());
    let fields: Vec<(&str, &str)> = decoded.action_chain[1]
        .field
        .iter()
        .map(|f| (f.key.as_deref().unwrap(), f.val.as_deref().unwrap()))
        .collect();
    assert_eq!(
        fields,
        [
            ("notifyid", "77"),
            ("channel", "Default"),
            ("channelName", "Default"),
            ("channelLevel", "3"),
            ("notifyStyle", "77")
        ]
    );
}

#[test]
fn g6_noty_pop_load() {
    let t = NotyPopLoadTemplate::builder()
        .app_id("APPID")
        .app_key("APPKEY")
        .noty_title("NT")
        .noty_content("NC")
        .pop_title("PT")
        .pop_content("PC")
        .pop_button1("b1")
        .pop_button2("b2")
        .load_title("LT")
        .load_url("http://d")
        .build()
        .unwrap();
    check(t, 281, "CgASC3B1c2htZXNzYWdlGgAiBkFQUEtFWSoFQVBQSUQyADoEWAFoAUIHCAEQABiQTkJ+CJBOEAEYmk6iBgCqBgCyBgJOVLoGAk5DwAYByAYB0AYB6hcUCgdjaGFubmVsEgdEZWZhdWx0GADqFxgKC2NoYW5uZWxOYW1lEgdEZWZhdWx0GADqFxMKDGNoYW5uZWxMZXZlbBIBMxgB6hcSCgtub3RpZnlTdHlsZRIBMBgBQggImk4QABikTkInCKROEAIYBrIGAlBUugYCUEPCBwDKBwcKAmIxELhOygcGCgJiMhBkQikIuE4QCBgGogYA6ggGCgASABoA8AgAggoIaHR0cDovL2TiDQJMVPgNAEIECGQQB0oAUAI=");
}

#[test]
fn g7_start_activity() {
    let t = StartActivityTemplate::builder()
        .app_id("APPID")
        .app_key("APPKEY")
        .title("T")
        .text("X")
        .intent("intent:#Intent;component=a/b;end")
        .build()
        .unwrap();
    check(t, 340, "CgASC3B1c2htZXNzYWdlGgAiBkFQUEtFWSoFQVBQSUQyADoEWAFoAUIHCAEQABiQTkKwAQiQThAMGJpO4hcMbm90aWZpY2F0aW9u6hcMCgV0aXRsZRIBVBgA6hcLCgR0ZXh0EgFYGADqFwoKBGxvZ28SABgA6hcOCghsb2dvX3VybBIAGADqFxIKC25vdGlmeVN0eWxlEgEwGAHqFxQKCWlzX25vcmluZxIFRmFsc2UYBeoXFQoKaXNfbm9jbGVhchIFRmFsc2UYBeoXFwoMaXNfbm92aWJyYXRlEgVGYWxzZRgFQggImk4QABjUV0JaCNRXEAwYZOIXD3N0YXJ0bXlhY3Rpdml0eeoXKQoDdXJpEiBpbnRlbnQ6I0ludGVudDtjb21wb25lbnQ9YS9iO2VuZBgA6hcSCglkb19mYWlsZWQSAzEwMBgAQgQIZBAHSgBQBw==");
}

#[test]
fn g8_revoke() {
    let t = RevokeTemplate::builder()
        .app_id("APPID")
        .app_key("APPKEY")
        .old_task_id("OLD")
        .build()
        .unwrap();
    check(t, 98, "CgASC3B1c2htZXNzYWdlGgAiBkFQUEtFWSoFQVBQSUQyADoEWAFoAUIuCAEQDBhkghQDT0xE4hcNdGVybWluYXRldGFza+oXDwoFZm9yY2USBFRydWUYBUIECGQQB0oAUAg=");
}

#[test]
fn g9_apn_template() {
    let payload = ApnsPayload::with_alert("hi").badge(1);
    let t = ApnTemplate::builder()
        .app_id("APPID")
        .app_key("APPKEY")
        .apn_info(ApnInfo::from(payload))
        .build()
        .unwrap();
    check(t.clone(), 82, "CgASC3B1c2htZXNzYWdlGgAiBkFQUEtFWSoFQVBQSUQyADoqWABiJHsiYXBzIjogeyJhbGVydCI6ICJoaSIsICJiYWRnZSI6IDF9fWgBSgBQBQ==");
    // TEMPLATES.md section 8: the PI of the same template.
    assert_eq!(
        pb::push_info_base64(&t.into()).unwrap(),
        "WABiJHsiYXBzIjogeyJhbGVydCI6ICJoaSIsICJiYWRnZSI6IDF9fWgB"
    );
}

fn styled(style: impl Into<Style>) -> NotificationTemplate {
    NotificationTemplate::builder()
        .app_id("APPID")
        .app_key("APPKEY")
        .style(style.into())
        .notify_id(5)
        .build()
        .unwrap()
}

#[test]
fn g10a_style0() {
    check(styled(Style0::new("T", "X")), 365, "CgASC3B1c2htZXNzYWdlGgAiBkFQUEtFWSoFQVBQSUQyADoEWAFoAUIHCAEQABiQTkKKAgiQThAMGJpO4hcMbm90aWZpY2F0aW9u6hcMCgV0aXRsZRIBVBgA6hcLCgR0ZXh0EgFYGADqFwoKBGxvZ28SABgA6hcOCghsb2dvX3VybBIAGADqFxIKC25vdGlmeVN0eWxlEgEwGAHqFxQKCWlzX25vcmluZxIFRmFsc2UYBeoXFQoKaXNfbm9jbGVhchIFRmFsc2UYBeoXFwoMaXNfbm92aWJyYXRlEgVGYWxzZRgF6hcUCgdjaGFubmVsEgdEZWZhdWx0GADqFxgKC2NoYW5uZWxOYW1lEgdEZWZhdWx0GADqFxMKDGNoYW5uZWxMZXZlbBIBMxgB6hcPCghub3RpZnlpZBIBNRgAQggImk4QABiuTkIZCK5OEAMYZOIIAOoIBgoAEgAaAPAIAPgIZEIECGQQB0oAUAA=");
}

#[test]
fn g10b_style1() {
    check(styled(Style1::new("T", "X")), 365, "CgASC3B1c2htZXNzYWdlGgAiBkFQUEtFWSoFQVBQSUQyADoEWAFoAUIHCAEQABiQTkKKAgiQThAMGJpO4hcMbm90aWZpY2F0aW9u6hcMCgV0aXRsZRIBVBgA6hcLCgR0ZXh0EgFYGADqFwoKBGxvZ28SABgA6hcOCghsb2dvX3VybBIAGADqFxIKC25vdGlmeVN0eWxlEgExGADqFxQKCWlzX25vcmluZxIFRmFsc2UYBeoXFQoKaXNfbm9jbGVhchIFRmFsc2UYBeoXFwoMaXNfbm92aWJyYXRlEgVGYWxzZRgF6hcUCgdjaGFubmVsEgdEZWZhdWx0GADqFxgKC2NoYW5uZWxOYW1lEgdEZWZhdWx0GADqFxMKDGNoYW5uZWxMZXZlbBIBMxgB6hcPCghub3RpZnlpZBIBNRgAQggImk4QABiuTkIZCK5OEAMYZOIIAOoIBgoAEgAaAPAIAPgIZEIECGQQB0oAUAA=");
}

/// G10c records the official Style4 keys: "not clearable" under `isClearable` and "not vibrate"
/// under `is_noclear` (no `is_novibrate`), reproduced as is.
#[test]
fn g10c_style4() {
    let recorded = "CgASC3B1c2htZXNzYWdlGgAiBkFQUEtFWSoFQVBQSUQyADoEWAFoAUIHCAEQABiQTkLuAQiQThAMGJpO4hcMbm90aWZpY2F0aW9u6hcKCgRsb2dvEgAYAOoXEAoKYmFubmVyX3VybBIAGADqFxQKCWlzX25vcmluZxIFRmFsc2UYBeoXFgoLaXNDbGVhcmFibGUSBUZhbHNlGAXqFxUKCmlzX25vY2xlYXISBUZhbHNlGAXqFxIKC25vdGlmeVN0eWxlEgE0GADqFxQKB2NoYW5uZWwSB0RlZmF1bHQYAOoXGAoLY2hhbm5lbE5hbWUSB0RlZmF1bHQYAOoXEwoMY2hhbm5lbExldmVsEgEzGAHqFw8KCG5vdGlmeWlkEgE1GABCCAiaThAAGK5OQhkIrk4QAxhk4ggA6ggGCgASABoA8AgA+AhkQgQIZBAHSgBQAA==";
    check(styled(Style4::default()), 337, recorded);
    // The values: `isClearable` is "not clearable", `is_noclear` is "not vibrate".
    let style = Style4::default().is_clearable(false);
    let fields = |style: Style4| {
        let t: Template = styled(style).into();
        decode_transparent(&pb::client_data(&t).unwrap()).action_chain[1]
            .field
            .iter()
            .map(|f| (f.key.clone().unwrap(), f.val.clone().unwrap()))
            .collect::<Vec<_>>()
    };
    let pair = |k: &str, v: &str| (k.to_owned(), v.to_owned());
    assert_eq!(
        fields(style)[2..5],
        [
            pair("is_noring", "False"),
            pair("isClearable", "True"),
            pair("is_noclear", "False")
        ]
    );
    let style = Style4::default().is_vibrate(false);
    assert_eq!(
        fields(style)[2..5],
        [
            pair("is_noring", "False"),
            pair("isClearable", "False"),
            pair("is_noclear", "True")
        ]
    );
}

#[test]
fn g10d_style6() {
    let mut style = Style6::new("T", "X");
    style.big_style = "1".into();
    style.big_image_url = "http://big".into();
    check(styled(style), 415, "CgASC3B1c2htZXNzYWdlGgAiBkFQUEtFWSoFQVBQSUQyADoEWAFoAUIHCAEQABiQTkK8AgiQThAMGJpO4hcMbm90aWZpY2F0aW9u6hcMCgV0aXRsZRIBVBgA6hcLCgR0ZXh0EgFYGADqFwoKBGxvZ28SABgA6hcOCghsb2dvX3VybBIAGADqFxIKC25vdGlmeVN0eWxlEgE2GAHqFxQKCWlzX25vcmluZxIFRmFsc2UYBeoXFQoKaXNfbm9jbGVhchIFRmFsc2UYBeoXFwoMaXNfbm92aWJyYXRlEgVGYWxzZRgF6hcPCghiaWdTdHlsZRIBMRgB6hcdCg1iaWdfaW1hZ2VfdXJsEgpodHRwOi8vYmlnGADqFxQKB2NoYW5uZWwSB0RlZmF1bHQYAOoXGAoLY2hhbm5lbE5hbWUSB0RlZmF1bHQYAOoXEwoMY2hhbm5lbExldmVsEgEzGAHqFw8KCG5vdGlmeWlkEgE1GABCCAiaThAAGK5OQhkIrk4QAxhk4ggA6ggGCgASABoA8AgA+AhkQgQIZBAHSgBQAA==");
}

#[test]
fn g11_vendor_notification_and_black_list() {
    let mut notify = Notify::new("t", "c");
    notify.payload = Some("p".into());
    notify.r#type = Some(NotifyType::Intent);
    notify.intent = Some("intent:#Intent;action=x;end".into());
    notify.url = Some("http://u".into());
    notify.add_ext_kv(Platform::Huawei, "k", "v");
    let mut t = transmission(2);
    t.notify_info = Some(notify);
    t.black_third_party = vec!["HW".into()];
    check(t, 158, "CgASC3B1c2htZXNzYWdlGgAiBkFQUEtFWSoFQVBQSUQyADpMWAFoAXgBggE+CgF0EgFjGgFwIhtpbnRlbnQ6I0ludGVudDthY3Rpb249eDtlbmQqCGh0dHA6Ly91MAFCCgoBaxIBdhoCSFeKAQJIV0IHCAEQABiuTkIZCK5OEAMYZOIIAOoIBgoAEgAaAPAIAPgIZEIECGQQB0oAUAQ=");
}

#[test]
fn g12_sms_fallback() {
    let mut sms = SmsMessage::new("tid", 1000);
    sms.sms_content.push(("name".into(), "v".into()));
    sms.url = Some("http://a".into());
    sms.payload = Some("pp".into());
    let mut t = transmission(2);
    t.sms_info = Some(sms);
    check(t, 164, "CgASC3B1c2htZXNzYWdlGgAiBkFQUEtFWSoFQVBQSUQyADoEWAFoAUIHCAEQABiuTkIZCK5OEAMYZOIIAOoIBgoAEgAaAPAIAPgIZEIECGQQB0oAUARiTAoDdGlkEhoKFWFwcGxpbmtJZGVudGlmaWNhdGlvbhIBMRIXCgN1cmwSEGh0dHA6Ly9hP249cHAmcD0SCQoEbmFtZRIBdhjoByAAKAA=");
}

#[test]
fn encoding_validates_first() {
    let t: Template = StartActivityTemplate::default().into();
    assert_eq!(pb::client_data(&t).unwrap_err().field(), "intent");
    assert_eq!(pb::push_info(&t).unwrap_err().field(), "intent");
    let mut out = Vec::new();
    assert!(pb::write_transparent(&t, &mut out).is_err());
    assert!(pb::append_client_data(&t, &mut out).is_err());
}

#[test]
fn append_forms_match() {
    let t: Template = transmission(1).into();
    let mut out = b"\"".to_vec();
    pb::append_client_data(&t, &mut out).unwrap();
    assert_eq!(out[1..], *pb::client_data(&t).unwrap().as_bytes());
    let mut buf = b"x".to_vec();
    pb::write_transparent(&t, &mut buf).unwrap();
    assert_eq!(buf[1..], pb::transparent(&t).unwrap());
    // Every tail length around the SIMD engine's block sizes (AVX2 takes 24 bytes at a time),
    // against the scalar engine.
    for len in 0..200 {
        let bytes: Vec<u8> = (0..len).map(|i| (i * 67 + 251) as u8).collect();
        let mut text = Vec::new();
        pb::append_base64(&bytes, &mut text);
        assert_eq!(text, b64(&bytes).into_bytes());
    }
}

#[test]
fn single_batch_request_layout() {
    let items = [
        pb::BatchItem {
            seq_id: 0,
            data: "{}",
        },
        pb::BatchItem {
            seq_id: 1,
            data: &"x".repeat(200),
        },
    ];
    let bytes = pb::single_batch_request("B", &items);
    let mut expected =
        b"\x0a\x01B\x12\x06\x08\x00\x12\x02{}\x12\xcd\x01\x08\x01\x12\xc8\x01".to_vec();
    expected.extend(std::iter::repeat_n(b'x', 200));
    assert_eq!(bytes, expected);
    assert_eq!(pb::single_batch_request_base64("B", &items), b64(&expected));
}
