// The alerts domain: channels, rules, their evaluation and delivery. Callers import from here.
export { listAlertChannels, getAlertChannel, createAlertChannel, updateAlertChannel, deleteAlertChannel, type AlertChannelView } from "./alert-channels";
export { listAlertRules, getAlertRule, createAlertRule, updateAlertRule, deleteAlertRule, type AlertRuleView, type AlertGroupState } from "./alert-rules";
export { listAlertHistory, firingAlerts, type AlertTransitionView, type AlertDeliveryView, type FiringAlert } from "./alert-history";
export { evaluateAlerts, evaluateProjectAlerts, type EvaluationSummary } from "./evaluate-alerts";
export { deliverAlerts, deliverDueAlerts, sendTestMessage, type TestMessageResult, type DeliverySummary } from "./deliver-alerts";
