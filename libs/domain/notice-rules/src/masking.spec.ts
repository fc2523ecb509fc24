import { maskPhone, maskResidentId } from './masking';

describe('maskResidentId', () => {
  it('keeps the first 4 and last 4 characters of an 18-character number', () => {
    expect(maskResidentId('430524198001011234')).toBe('4305**********1234');
    expect(maskResidentId('11010519491231002x')).toBe('1101**********002X');
    expect(maskResidentId('430524198001011234')).toHaveLength(18);
  });

  it('never reveals a short or odd value', () => {
    expect(maskResidentId('430524800101123')).toBe('***************'); // 15 characters: starred
    expect(maskResidentId('12345')).toBe('*****');
    expect(maskResidentId('')).toBe('');
  });
});

describe('maskPhone', () => {
  it('keeps 3 + 4 digits of a mobile number', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskPhone(' 13812345678 ')).toBe('138****5678');
  });

  it('keeps only the last 4 of anything else', () => {
    expect(maskPhone('0731-84567890')).toBe('*********7890');
    expect(maskPhone('123456')).toBe('******');
  });
});
