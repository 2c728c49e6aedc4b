import { describe, expect, it } from 'vitest';
import { serverRegion } from './server-credentials';

describe('serverRegion', () => {
  it("takes the server's option, then its profile's region, then AWS_REGION, else us-east-1", () => {
    expect(serverRegion('ap-south-1', 'eu-west-2', 'us-west-2')).toEqual({
      region: 'ap-south-1',
      regionSource: 'server',
    });
    expect(serverRegion(undefined, 'eu-west-2', 'us-west-2')).toEqual({
      region: 'eu-west-2',
      regionSource: 'profile',
    });
    expect(serverRegion(undefined, undefined, 'us-west-2')).toEqual({
      region: 'us-west-2',
      regionSource: 'environment',
    });
    expect(serverRegion(undefined, undefined, undefined)).toEqual({
      region: 'us-east-1',
      regionSource: 'default',
    });
    // An empty AWS_REGION is not a region.
    expect(serverRegion(undefined, undefined, '')).toEqual({ region: 'us-east-1', regionSource: 'default' });
  });
});
