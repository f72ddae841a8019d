/** A few GreenDot retail counters around Sacramento (the docs' example coordinates), as fixtures. */
export const CASH_LOCATIONS = [
  {
    id: 'loc_01GREENDOT0000000000000001',
    locationReference: ref('GREENDOT-2434:lat=38.4951,lng=-121.5053'),
    provider: 'GREENDOT',
    name: 'CVS Pharmacy #4521',
    address: '7400 Freeport Blvd',
    city: 'Sacramento',
    state: 'CA',
    zipCode: '95832',
    country: 'US',
    latitude: 38.4951,
    longitude: -121.5053,
    buyAllowed: true,
    sellAllowed: true,
  },
  {
    id: 'loc_01GREENDOT0000000000000002',
    locationReference: ref('GREENDOT-2601:lat=38.5230,lng=-121.4928'),
    provider: 'GREENDOT',
    name: 'Walgreens #1123',
    address: '5601 Freeport Blvd',
    city: 'Sacramento',
    state: 'CA',
    zipCode: '95822',
    country: 'US',
    latitude: 38.523,
    longitude: -121.4928,
    buyAllowed: true,
    sellAllowed: false,
  },
  {
    id: 'loc_01GREENDOT0000000000000003',
    locationReference: ref('GREENDOT-3310:lat=38.4660,lng=-121.4250'),
    provider: 'GREENDOT',
    name: 'Walmart Supercenter #2860',
    address: '8915 Gerber Rd',
    city: 'Sacramento',
    state: 'CA',
    zipCode: '95829',
    country: 'US',
    latitude: 38.466,
    longitude: -121.425,
    buyAllowed: true,
    sellAllowed: true,
  },
];

function ref(text: string): string {
  return Buffer.from(text).toString('base64');
}

/** Great-circle distance in hundredths of a kilometre (an integer, so it formats exactly). */
export function distanceInHundredthsOfKm(lat1: number, lng1: number, lat2: number, lng2: number): number {
  const rad = (deg: number) => (deg * Math.PI) / 180;
  const a = Math.sin(rad(lat2 - lat1) / 2) ** 2 + Math.cos(rad(lat1)) * Math.cos(rad(lat2)) * Math.sin(rad(lng2 - lng1) / 2) ** 2;
  return Math.round(2 * 6371 * Math.asin(Math.sqrt(a)) * 100);
}
