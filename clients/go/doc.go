// Package taurusdbhtap reads and asserts the state of Huawei Cloud TaurusDB HTAP (StarRocks)
// data-replication tasks (the ListStarRocksDataReplications API), with what the real cloud
// needs: settings resolved like every other surface of the project (settings.yaml: options,
// then HW_* and HUAWEICLOUD_SDK_* variables, then the profile file, then defaults, each value
// with its origin), AK/SK signing or an IAM token, retries bounded by the context, proxies, a
// request timeout, no redirects followed, and every task of an instance read in one consistent
// listing, normalized (numbers as numbers, exact integers, flags as booleans).
//
// Start with ResolveSettings and NewReplicationsClientFromSettings:
//
//	settings, err := taurusdbhtap.ResolveSettings(taurusdbhtap.Options{Region: "cn-north-4"}, os.Getenv)
//	if err != nil {
//		log.Fatal(err) // names the setting, the rule and where the bad value came from
//	}
//	client, err := taurusdbhtap.NewReplicationsClientFromSettings(settings)
//	if err != nil {
//		log.Fatal(err)
//	}
//	listing, err := client.ListTasks(ctx, instanceID)
//	for _, task := range listing.Tasks {
//		fmt.Println(task.TaskName, task.GetStage(), task.GetPercentage(), task.Healthy)
//	}
//
// To assert or wait: CaughtUp() (or a Condition of your own) judges a listing with Evaluate,
// and client.Wait polls until it holds, failing early with *ReplicationFailedError when a task
// can no longer meet it. Listing.Summary gives the healthy, unhealthy_tasks and total_count
// every front end shows. Errors are typed for errors.As: *ConfigurationError, *ValidationError,
// *APIError, *TransportError, *RedirectError, *ProxyError, *DeadlineError,
// *InconsistentListingError, *WaitTimeoutError. No message holds a secret, and text from the
// service is cleaned of control characters before it reaches one.
//
// The generated Client and ClientWithResponses (oapi-codegen, from the project's openapi.yaml)
// are there for typed calls of the raw API.
package taurusdbhtap
