// The Lambda door's own structural types against @types/aws-lambda (a devDependency, used here
// only): a user's events, context and handler types fit `receiver.lambda` without a cast, and
// its result fits what their handler types return. The package itself depends on none of it.
import type {
  APIGatewayProxyEvent,
  APIGatewayProxyEventV2,
  APIGatewayProxyHandler,
  APIGatewayProxyHandlerV2,
  APIGatewayProxyResult,
  APIGatewayProxyStructuredResultV2,
  Context,
  LambdaFunctionURLEvent,
  LambdaFunctionURLHandler,
  LambdaFunctionURLResult,
} from "aws-lambda";
import { describe, expectTypeOf, it } from "vitest";
import type { LambdaContext, LambdaEvent, LambdaHttpEvent, LambdaRestEvent, LambdaResult } from "../src/receiver/index.js";
import { createReceiver } from "../src/receiver/index.js";
import type { LambdaEvent as WebLambdaEvent } from "../src/web/index.js";
import { createReceiver as createWebReceiver } from "../src/web/index.js";

describe("receiver.lambda's types", () => {
  it("takes API Gateway REST (1.0) and HTTP (2.0) events, function URL events and Lambda's context", () => {
    expectTypeOf<APIGatewayProxyEvent>().toExtend<LambdaRestEvent>();
    expectTypeOf<APIGatewayProxyEventV2>().toExtend<LambdaHttpEvent>();
    expectTypeOf<LambdaFunctionURLEvent>().toExtend<LambdaHttpEvent>();
    expectTypeOf<APIGatewayProxyEvent>().toExtend<LambdaEvent>();
    expectTypeOf<LambdaFunctionURLEvent>().toExtend<WebLambdaEvent>();
    expectTypeOf<Context>().toExtend<LambdaContext>();
    // Not anything: an S3 event or a string is no HTTP request.
    expectTypeOf<{ Records: unknown[] }>().not.toExtend<LambdaEvent>();
    expectTypeOf<string>().not.toExtend<LambdaEvent>();
  });

  it("gives a result every one of their result types takes", () => {
    expectTypeOf<LambdaResult>().toExtend<APIGatewayProxyResult>();
    expectTypeOf<LambdaResult>().toExtend<APIGatewayProxyStructuredResultV2>();
    expectTypeOf<LambdaResult>().toExtend<LambdaFunctionURLResult>();
  });

  it("is itself a handler of each kind: export const handler = receiver.lambda", () => {
    const receiver = createReceiver({ provider: "shopify", secret: "s" });
    const rest: APIGatewayProxyHandler = receiver.lambda;
    const http: APIGatewayProxyHandlerV2 = receiver.lambda;
    const url: LambdaFunctionURLHandler = receiver.lambda;
    const web: APIGatewayProxyHandlerV2 = createWebReceiver({ provider: "shopify", secret: "s" }).lambda;
    void [rest, http, url, web];
    expectTypeOf(receiver.lambda).returns.resolves.toEqualTypeOf<LambdaResult>();
    // @ts-expect-error the context is Lambda's, not a number
    void receiver.lambda({ httpMethod: "POST" }, 5);
  });
});
