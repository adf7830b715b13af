// Example payloads written out once for the tests, independently of src/: the parsers' tests,
// the /testing constants' tests and the module-load tests compare against these. Field names
// are the documented ones (PROVIDERS.md); which values shared/seeds/ prints, and which came
// with the project's earlier tests, is marked in test/testing.test.ts ("not from the docs").

/** TikiNOW, the payload sample of "Webhook Sync Stock" (shared/seeds/ prints it). */
export const TIKI_STOCK_SAMPLE_VALUE = {
  data: {
    date: "2022-11-24T11:12:20+07:00",
    sku: "7445601428884",
    warehouse: "sgn3",
    qty_salable: 147,
    seller_product_code: "9772945762401",
    partner_id: "4312132323",
  },
};

/** Tiki Open API, "Handle events" in the webhook guide: a rejected product request. */
export const TIKI_REJECTED_VALUE = {
  id: "123e4567-e89b-12d3-a456-426655440000",
  event: "product:request:rejected",
  payload: {
    event: "product:request:rejected",
    event_time: "2020-02-02 12:00:00",
    request_id: "1154523837593192401",
    state: "rejected",
    product_id: "2162835",
    product_sku: "7062617941818",
    list_reasons: [
      {
        reason_data: null,
        reject_description: "The very detailed reason why your product is rejected",
        reason_id: 9,
        reason_name: "Hình sản phẩm quá nhỏ, không chiếm 80% khung hình",
      },
    ],
    reason: null,
  },
};

/** eWarehousing stock/updated (shared/ prints the field names and modified_at only). */
export const EWAREHOUSING_STOCK_VALUE = {
  body: {
    id: "f9cc7e9c-7ac2-45df-b4a3-1a19321c144d",
    ean: "123",
    sku: "12345",
    modified_at: "2022-02-11T17:45:01+0000",
    article_code: "green_jacket",
    stock_salable: 973,
    stock_physical: 1000,
    stock_available: 973,
    stock_quarantine: 0,
  },
  group: "stock",
  action: "updated",
  entity: "variant",
  customer: "be62c27e-2aac-4ac1-902e-f770d64f8dce",
  entityId: "f9cc7e9c-7ac2-45df-b4a3-1a19321c144d",
};

/** Mobility Work, "Spare part was out of stock": the request body, schema placeholders included. */
export const MW_SPARE_PART_VALUE = {
  _event: "string",
  _date: "2024-07-29T15:51:28.071Z",
  _metadata: [null],
  stock: { location: { locationId: "string", name: "string" } },
  sparePart: { sparePartId: "string", name: "string", articleCode: "string" },
  movement: { on: "2024-07-29T15:51:28.071Z" },
};
