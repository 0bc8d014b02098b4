// @exhook/core/mqtt: MQTT topic filters as EMQX reads them (validation, `$share/<group>/`, matching).
export {
  compileTopicFilters,
  stripSharePrefix,
  TopicMatcher,
  topicFilterProblem,
  topicMatches,
} from "./topic-filter.js";
