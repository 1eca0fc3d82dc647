#include "model/prefecture_places.hpp"

#include <array>

namespace rinsho::model::detail {
namespace {

// Prefectural capitals, the designated cities, Tokyo's wards and the cities that host the
// university and cancer-centre hospitals most often listed as trial sites. Names several places
// share are left out (Kita-ku, Fuchu, Izumi, Ota) unless Tokyo's is the one trial records mean.
constexpr std::array kPlaces = std::to_array<Place>({
  // 01 Hokkaido
  {"Sapporo", "札幌市", "01"}, {"Asahikawa", "旭川市", "01"}, {"Hakodate", "函館市", "01"},
  {"Kushiro", "釧路市", "01"}, {"Obihiro", "帯広市", "01"}, {"Otaru", "小樽市", "01"},
  {"Tomakomai", "苫小牧市", "01"}, {"Kitami", "北見市", "01"},
  // 02 Aomori .. 07 Fukushima
  {"Hirosaki", "弘前市", "02"}, {"Hachinohe", "八戸市", "02"},
  {"Morioka", "盛岡市", "03"}, {"Yahaba", "矢巾町", "03"}, {"Ichinoseki", "一関市", "03"},
  {"Sendai", "仙台市", "04"}, {"Natori", "名取市", "04"}, {"Ishinomaki", "石巻市", "04"},
  {"Tsuruoka", "鶴岡市", "06"},
  {"Koriyama", "郡山市", "07"}, {"Iwaki", "いわき市", "07"}, {"Aizuwakamatsu", "会津若松市", "07"},
  // 08 Ibaraki .. 14 Kanagawa
  {"Mito", "水戸市", "08"}, {"Tsukuba", "つくば市", "08"}, {"Hitachi", "日立市", "08"},
  {"Tsuchiura", "土浦市", "08"}, {"Kasama", "笠間市", "08"},
  {"Utsunomiya", "宇都宮市", "09"}, {"Shimotsuke", "下野市", "09"}, {"Nasushiobara", "那須塩原市", "09"},
  {"Maebashi", "前橋市", "10"}, {"Takasaki", "高崎市", "10"}, {"Kiryu", "桐生市", "10"},
  {"Shibukawa", "渋川市", "10"},
  {"Kawagoe", "川越市", "11"}, {"Kawaguchi", "川口市", "11"}, {"Tokorozawa", "所沢市", "11"},
  {"Koshigaya", "越谷市", "11"}, {"Moroyama", "毛呂山町", "11"}, {"Hidaka", "日高市", "11"},
  {"Kitaadachi", "北足立郡", "11"}, {"Kitaadachigun", "", "11"}, {"Omiya", "大宮", "11"},
  {"Urawa", "浦和", "11"}, {"Soka", "草加市", "11"}, {"Kasukabe", "春日部市", "11"},
  {"Ageo", "上尾市", "11"},
  {"Kashiwa", "柏市", "12"}, {"Funabashi", "船橋市", "12"}, {"Matsudo", "松戸市", "12"},
  {"Ichikawa", "市川市", "12"}, {"Narita", "成田市", "12"}, {"Kamogawa", "鴨川市", "12"},
  {"Urayasu", "浦安市", "12"}, {"Sakura", "佐倉市", "12"}, {"Kisarazu", "木更津市", "12"},
  {"Chiyoda", "千代田区", "13"}, {"Chuo", "中央区", "13"}, {"Minato", "港区", "13"},
  {"Shinjuku", "新宿区", "13"}, {"Bunkyo", "文京区", "13"}, {"Taito", "台東区", "13"},
  {"Sumida", "墨田区", "13"}, {"Koto", "江東区", "13"}, {"Shinagawa", "品川区", "13"},
  {"Meguro", "目黒区", "13"}, {"", "大田区", "13"}, {"Setagaya", "世田谷区", "13"},
  {"Shibuya", "渋谷区", "13"}, {"Nakano", "中野区", "13"}, {"Suginami", "杉並区", "13"},
  {"Toshima", "豊島区", "13"}, {"Arakawa", "荒川区", "13"}, {"Itabashi", "板橋区", "13"},
  {"Nerima", "練馬区", "13"}, {"Adachi", "足立区", "13"}, {"Katsushika", "葛飾区", "13"},
  {"Edogawa", "江戸川区", "13"}, {"Hachioji", "八王子市", "13"}, {"Tachikawa", "立川市", "13"},
  {"Musashino", "武蔵野市", "13"}, {"Mitaka", "三鷹市", "13"}, {"Chofu", "調布市", "13"},
  {"Machida", "町田市", "13"}, {"Kodaira", "小平市", "13"}, {"Kiyose", "清瀬市", "13"},
  {"Ome", "青梅市", "13"}, {"Kokubunji", "国分寺市", "13"}, {"Koganei", "小金井市", "13"},
  {"Yokohama", "横浜市", "14"}, {"Kawasaki", "川崎市", "14"}, {"Sagamihara", "相模原市", "14"},
  {"Yokosuka", "横須賀市", "14"}, {"Fujisawa", "藤沢市", "14"}, {"Isehara", "伊勢原市", "14"},
  {"Kamakura", "鎌倉市", "14"}, {"Hiratsuka", "平塚市", "14"}, {"Odawara", "小田原市", "14"},
  {"Atsugi", "厚木市", "14"},
  // 15 Niigata .. 24 Mie
  {"Nagaoka", "長岡市", "15"}, {"Joetsu", "上越市", "15"}, {"Takaoka", "高岡市", "16"},
  {"Kanazawa", "金沢市", "17"}, {"Uchinada", "内灘町", "17"}, {"Eiheiji", "永平寺町", "18"}, {"Kofu", "甲府市", "19"},
  {"Matsumoto", "松本市", "20"}, {"Ueda", "上田市", "20"}, {"Saku", "佐久市", "20"},
  {"Ogaki", "大垣市", "21"},
  {"Hamamatsu", "浜松市", "22"}, {"Numazu", "沼津市", "22"}, {"Nagaizumi", "長泉町", "22"},
  {"Mishima", "三島市", "22"}, {"Fuji", "富士市", "22"},
  {"Nagoya", "名古屋市", "23"}, {"Toyoake", "豊明市", "23"}, {"Toyota", "豊田市", "23"},
  {"Okazaki", "岡崎市", "23"}, {"Toyohashi", "豊橋市", "23"}, {"Nagakute", "長久手市", "23"},
  {"Kasugai", "春日井市", "23"}, {"Ichinomiya", "一宮市", "23"}, {"Obu", "大府市", "23"},
  {"Tsu", "津市", "24"}, {"Yokkaichi", "四日市市", "24"}, {"Suzuka", "鈴鹿市", "24"},
  // 25 Shiga .. 30 Wakayama
  {"Otsu", "大津市", "25"}, {"Moriyama", "守山市", "25"}, {"Uji", "宇治市", "26"},
  {"Sakai", "堺市", "27"}, {"Suita", "吹田市", "27"}, {"Takatsuki", "高槻市", "27"},
  {"Toyonaka", "豊中市", "27"}, {"Hirakata", "枚方市", "27"}, {"Habikino", "羽曳野市", "27"},
  {"Osakasayama", "大阪狭山市", "27"}, {"Higashiosaka", "東大阪市", "27"},
  {"Kishiwada", "岸和田市", "27"}, {"Moriguchi", "守口市", "27"}, {"Izumisano", "泉佐野市", "27"},
  {"Kawachinagano", "河内長野市", "27"},
  {"Kobe", "神戸市", "28"}, {"Nishinomiya", "西宮市", "28"}, {"Amagasaki", "尼崎市", "28"},
  {"Himeji", "姫路市", "28"}, {"Akashi", "明石市", "28"}, {"Kakogawa", "加古川市", "28"},
  {"Takarazuka", "宝塚市", "28"},
  {"Kashihara", "橿原市", "29"}, {"Tenri", "天理市", "29"},
  // 31 Tottori .. 39 Kochi
  {"Yonago", "米子市", "31"}, {"Matsue", "松江市", "32"}, {"Izumo", "出雲市", "32"},
  {"Kurashiki", "倉敷市", "33"}, {"Fukuyama", "福山市", "34"}, {"Kure", "呉市", "34"},
  {"Higashihiroshima", "東広島市", "34"}, {"Ube", "宇部市", "35"}, {"Shimonoseki", "下関市", "35"},
  {"Takamatsu", "高松市", "37"}, {"Matsuyama", "松山市", "38"}, {"Toon", "東温市", "38"},
  {"Nankoku", "南国市", "39"},
  // 40 Fukuoka .. 47 Okinawa
  {"Kitakyushu", "北九州市", "40"}, {"Kurume", "久留米市", "40"}, {"Iizuka", "飯塚市", "40"},
  {"Omuta", "大牟田市", "40"}, {"Sasebo", "佐世保市", "42"}, {"Omura", "大村市", "42"},
  {"Yufu", "由布市", "44"}, {"Beppu", "別府市", "44"},
  {"Naha", "那覇市", "47"}, {"Nishihara", "西原町", "47"}, {"Ginowan", "宜野湾市", "47"},
  {"Urasoe", "浦添市", "47"},
});

}  // namespace

std::span<const Place> prefecture_places() { return kPlaces; }

}  // namespace rinsho::model::detail
